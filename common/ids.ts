import { z } from 'zod';

// The time part of the last millisecond an id was made in: ids made in bulk share it, and
// formatting it (toString(16) of a double) cost as much as the random part.
let prefixMs = -1;
let prefix = '';

/**
 * Client ids are UUID version 7 (time-ordered), made on the device at creation so an entity
 * can be referred to before the server knows it. Built on `crypto.randomUUID()` (Node's pooled
 * entropy; asking the OS per id cost ~3 µs): its v4 layout already has the RFC 9562 variant
 * bits, so the 48-bit millisecond time over the first 12 hex digits and 7 as the version digit
 * give a valid v7 with 74 random bits.
 */
export function uuidv7(now: number = Date.now()): string {
  const ms = Math.max(0, Math.floor(now));
  if (ms !== prefixMs) {
    const time = ms.toString(16).padStart(12, '0').slice(-12);
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixMs = ms;
  }
  return prefix + crypto.randomUUID().slice(15);
}

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  error: 'must be a UUID',
});
