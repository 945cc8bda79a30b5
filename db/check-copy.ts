import { Worker } from 'node:worker_threads';
import type { CheckCopyData, CheckCopyResult } from './check-copy-worker.ts';

/** The worker's script: beside this file in the sources, beside the bundle once built. */
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './check-copy-worker.ts' : './check-copy-worker.js', import.meta.url);

/**
 * What SQLite's `quick_check` finds wrong in a database file (none when it is whole; a file it
 * cannot open as a database is one problem), run on its own thread (check-copy-worker.ts).
 * Rejects only when the thread itself could not run.
 */
export function checkCopy(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const data: CheckCopyData = { file };
    const worker = new Worker(workerUrl, { workerData: data });
    let answered = false;
    worker.once('message', (result: CheckCopyResult) => {
      answered = true;
      resolve(result.problems);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the backup check stopped without an answer (exit code ${code})`));
    });
  });
}
