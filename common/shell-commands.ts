import { z } from 'zod';
import { adminPin } from './settings.ts';

/**
 * The desktop shell's own commands (main/electron/app.ts), beside the terminal's contract: the
 * screen sends them through `window.pos.invoke` like any command, and the shell answers them
 * itself. Where no shell offers one (the browser host), the terminal answers `unknown_command`,
 * so the screen asks `shell.capabilities` first and offers only what is there.
 */
export const shellCommands = {
  'shell.capabilities': {
    summary: 'What this shell offers the screen: leaving kiosk mode, printing receipts without a dialog.',
    input: z.strictObject({}),
    output: z.object({ exitKiosk: z.boolean(), silentPrint: z.boolean() }),
  },
  'shell.exitKiosk': {
    summary: 'Leaves kiosk mode (the app quits) when the admin PIN matches the scrypt hash in `config.json`; repeated wrong PINs lock it for a while.',
    input: z.strictObject({ pin: adminPin }),
    output: z.null(),
  },
  'shell.printReceipt': {
    summary: 'Prints the page (its print styles show only the receipt) to the default printer without the system dialog, whose "print to file" would open a file chooser at a kiosk.',
    input: z.strictObject({}),
    output: z.null(),
  },
} as const;

export type ShellCommandName = keyof typeof shellCommands;
export type ShellInput<N extends ShellCommandName> = z.input<(typeof shellCommands)[N]['input']>;
export type ShellOutput<N extends ShellCommandName> = z.output<(typeof shellCommands)[N]['output']>;
export type ShellCapabilities = ShellOutput<'shell.capabilities'>;
