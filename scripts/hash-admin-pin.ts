import { adminPin } from '../common/settings.ts';
import { hashAdminPin } from '../main/settings/admin-pin.ts';

// Prints the `adminPinHash` for a kiosk's config.json: node scripts/hash-admin-pin.ts 482913
const pin = process.argv[2] ?? '';
if (!adminPin.safeParse(pin).success) {
  console.error('usage: node scripts/hash-admin-pin.ts <PIN of 6–12 digits>');
  process.exit(2);
}
console.log(hashAdminPin(pin));
