import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Starts the reference server in its own process (its own core), as in production. */
export async function startServerProcess(db: string, extra: string[] = []): Promise<{ url: string; durability: string; stop(): Promise<void> }> {
  const cli = fileURLToPath(new URL('../server/cli.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [cli, '--port', '0', '--db', db, '--test-mode', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  let durability = 'unknown';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      const listening = /listening on (http:\/\/\S+)/.exec(line);
      if (listening) resolve(listening[1]!);
    });
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    const d = /(journal_mode=\S+ synchronous=[A-Z]+)/.exec(line);
    if (d) durability = d[1]!;
  });
  return {
    url,
    get durability() {
      return durability;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
