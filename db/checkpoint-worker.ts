/**
 * The WAL checkpointer's thread (see checkpointer.ts): its own connection to the terminal's
 * database, copying committed WAL frames back into the database file whenever enough of them
 * wait, so the thread that commits never does it. A checkpoint never blocks the writer (WAL
 * mode); it only copies what is already durable in the WAL, so durability is unchanged.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  /** Frames waiting in the WAL that start a checkpoint. */
  thresholdFrames: number;
  /** How often the WAL is looked at. */
  intervalMs: number;
}

export type CheckpointWorkerMessage = { type: 'checkpointed'; frames: number } | { type: 'error'; message: string } | { type: 'stopped' };

const data = workerData as CheckpointWorkerData;
const port = parentPort!;
const db = new Database(data.file, { fileMustExist: true });
// Give way at once to anyone holding the checkpoint lock; the next look retries.
db.pragma('busy_timeout = 0');

/**
 * Frames committed to the WAL and not yet copied back, read from the wal-index header in the
 * `-shm` file (https://sqlite.org/walformat.html: mxFrame at byte 16 of the header, nBackfill at
 * byte 96), in native byte order. Null when it cannot be read: then a checkpoint is simply tried.
 */
const LITTLE_ENDIAN = endianness() === 'LE';
const header = Buffer.alloc(100);
let shm: number | undefined;
function waitingFrames(): number | null {
  try {
    shm ??= openSync(`${data.file}-shm`, 'r');
    if (readSync(shm, header, 0, 100, 0) < 100) return null;
    const mxFrame = LITTLE_ENDIAN ? header.readUInt32LE(16) : header.readUInt32BE(16);
    const nBackfill = LITTLE_ENDIAN ? header.readUInt32LE(96) : header.readUInt32BE(96);
    return mxFrame >= nBackfill ? mxFrame - nBackfill : mxFrame;
  } catch {
    return null;
  }
}

/**
 * After a checkpoint, the frames committed while it ran are copied too, look after look, until
 * none waits. Only a WAL copied to its last frame lets the next write start it over from the
 * beginning; otherwise, under steady writes, it grows by every commit until the connection's own
 * fallback checkpoint, and each commit meanwhile extends the file, which costs its sync more.
 */
let chasing = false;

function look(): void {
  const waiting = waitingFrames();
  if (waiting === 0) chasing = false;
  if (waiting === 0 || (waiting !== null && waiting < data.thresholdFrames && !chasing)) return;
  chasing = true;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    port.postMessage({ type: 'checkpointed', frames: result?.checkpointed ?? 0 } satisfies CheckpointWorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', message: (error as Error).message } satisfies CheckpointWorkerMessage);
  }
}

const timer = setInterval(look, data.intervalMs);
port.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  if (shm !== undefined) closeSync(shm);
  db.close();
  port.postMessage({ type: 'stopped' } satisfies CheckpointWorkerMessage);
  port.close();
});
