/**
 * The Settings tab's words in English, with the staff lock and the backups.
 * `{name}` marks a placeholder; i18n.ts joins the areas into one table.
 */
export const enSettings = {
  'backups.title': 'Backups',
  'backups.latest': 'Newest copy of the data: {time}.',
  'backups.none': 'No copy of the data yet: the first is made ten minutes after start.',
  'backups.kept': 'Copies here: {count} of {keep} kept (one a day; older ones are removed). Folder:',
  'backups.run': 'Copy now',
  'backups.running': 'Copying…',
  'backups.off': 'Copies of the data are turned off on this terminal.',
  'backups.damaged': 'The copy of {time} found damage in this terminal’s data, so it was not kept and the older copies stay. Tell support before closing the terminal. SQLite said: {detail}',
  'backups.failed': 'The copy of {time} could not be made: {detail}. The next try is within the hour.',
  'settings.title': 'Settings',
  'settings.serverUrl': 'Server address',
  'settings.serverUrl.help': 'Operations waiting to be sent go to the new address at once, each with its own key. Use this when the store’s server moves; another store needs a fresh install.',
  'settings.deviceName': 'Terminal name',
  'settings.deviceName.help': 'Shown in the header and on receipts. The server knows this terminal by its device id, which does not change.',
  'settings.currency': 'Currency of new orders',
  'settings.currency.help': 'Orders keep the currency they were started in. Complete or delete the orders in progress first.',
  'settings.adminPin': 'Admin PIN',
  'settings.lockedBy': 'Fixed by {by} where the terminal was started.',
  'settings.save': 'Save settings',
  'settings.saved': 'Saved. In use now.',
  'staff.open': 'Staff',
  'staff.unlock': 'Unlock',
  'staff.lock': 'Lock staff screens',
  'staff.exitKiosk': 'Exit kiosk mode',
  'staff.exit': 'Exit',
} as const;
