/**
 * Receipt numbers are made on the device, unique without the network: the device's prefix and
 * its own durable sequence, e.g. "TILL1-000123".
 */
export function receiptNumber(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}

/** A receipt prefix from a device id: letters and digits, upper case ("till-1" → "TILL1"). */
export function prefixFor(deviceId: string): string {
  const prefix = deviceId.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12);
  return prefix || 'POS';
}
