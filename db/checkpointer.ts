import { Worker } from 'node:worker_threads';
import type { Sqlite } from './connection.ts';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './checkpoint-worker.ts';

export interface CheckpointerOptions {
  /** Frames waiting in the WAL that start a checkpoint (default 4,000 pages, 16 MiB). */
  thresholdFrames?: number;
  /** How often the worker looks at the WAL (default 20 ms). */
  intervalMs?: number;
}

export interface Checkpointer {
  /** Checkpoints done so far and frames they copied. */
  readonly stats: { checkpoints: number; frames: number; errors: number };
  /** Stops the worker after its checkpoint in progress, and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Beyond this many WAL pages the committing connection checkpoints by itself: a safety net for
 * when the worker is stopped or cannot keep up, so the WAL stays bounded.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 16_000;

/** The worker's script: beside this file in the sources, beside the bundle once built. */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './checkpoint-worker.ts' : './checkpoint-worker.js', import.meta.url);

/**
 * Moves WAL checkpoints off the thread that commits (checkpoint-worker.ts). A checkpoint copies
 * a few thousand pages back into the database file and syncs it; done by the committing
 * connection (SQLite's auto-checkpoint) it stalls whichever commit crosses the threshold. The
 * connection keeps an auto-checkpoint at a higher threshold as a fallback.
 */
export function startCheckpointer(sqlite: Sqlite, options: CheckpointerOptions = {}): Checkpointer {
  if (sqlite.memory) throw new Error('an in-memory database has no WAL to checkpoint');
  const data: CheckpointWorkerData = { file: sqlite.name, thresholdFrames: options.thresholdFrames ?? 4000, intervalMs: options.intervalMs ?? 20 };
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const worker = new Worker(workerUrl, { workerData: data });
  // The terminal may exit without stopping it (a crash, a kill): the thread never holds the process.
  worker.unref();
  const stats = { checkpoints: 0, frames: 0, errors: 0 };
  let lastError = '';
  worker.on('message', (message: CheckpointWorkerMessage) => {
    if (message.type === 'checkpointed') {
      stats.checkpoints++;
      stats.frames += message.frames;
    } else if (message.type === 'error') {
      stats.errors++;
      if (message.message !== lastError) console.error(`WAL checkpoint failed (the connection's own checkpoint takes over): ${message.message}`);
      lastError = message.message;
    }
  });
  let stopping: Promise<void> | undefined;
  // Stopped before it got going (a terminal closed at once, its folder removed): nothing to report.
  worker.on('error', (error) => {
    if (!stopping) console.error('the WAL checkpointer stopped:', error);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats,
    stop() {
      if (!stopping) {
        worker.ref(); // held until it has closed its connection
        worker.postMessage('stop');
        stopping = exited;
      }
      return stopping;
    },
  };
}
