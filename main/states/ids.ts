/**
 * UUID version 7 ids for history entries, notifications and manual notices, made fast.
 * `common/ids.ts#uuidv7` asks the OS for fresh random bytes per id (~3 µs here); a rebuild makes
 * tens of thousands. `crypto.randomUUID()` draws from Node's entropy pool (~0.1 µs): its v4
 * layout has the same variant bits as v7, so writing the 48-bit millisecond time over the first
 * 12 hex digits and 7 as the version digit gives a valid v7 with 74 random bits, as RFC 9562 asks.
 */
export function fastUuidv7(nowMs: number): string {
  const v4 = crypto.randomUUID();
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${v4.slice(15)}`;
}
