import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real fault between the terminal and the server, for tests: requests are forwarded, the
 * server processes and commits them, and for requests matching a rule the answer is thrown away
 * and the terminal's socket destroyed — the "response lost after commit" of the source document —
 * or held back until the test releases it (a request in flight while something else happens).
 */
export interface DropRule {
  method: string;
  path: RegExp;
  /** How many matching answers to drop. */
  times: number;
  /** Hold the answers instead (the request stays in flight, committed) until `release()`. */
  hold?: boolean;
}

export interface ProxyLog {
  method: string;
  path: string;
  status: number;
  dropped: boolean;
  replayed: boolean;
  idempotencyKey: string | undefined;
}

export async function startDroppingProxy(target: string) {
  const upstream = new URL(target);
  const rules: DropRule[] = [];
  const log: ProxyLog[] = [];
  const held: Array<{ path: string; send: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer: IncomingMessage) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            const path = (req.url ?? '').split('?')[0]!;
            const rule = rules.find((r) => r.times > 0 && r.method === req.method && r.path.test(path));
            const entry: ProxyLog = {
              method: req.method ?? '',
              path,
              status: answer.statusCode ?? 0,
              dropped: rule !== undefined,
              replayed: answer.headers['idempotent-replayed'] === 'true',
              idempotencyKey: req.headers['idempotency-key'] as string | undefined,
            };
            log.push(entry);
            const send = () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(body));
            };
            if (rule) {
              rule.times--;
              if (rule.hold) held.push({ path, send });
              else req.socket.destroy();
              return;
            }
            send();
          });
        },
      );
      forward.on('error', () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    drop(rule: DropRule) {
      rules.push({ ...rule });
    },
    /** How many answers are held now. */
    get holding() {
      return held.length;
    },
    /** Sends the held answers (only those of matching paths when given). */
    release(path?: RegExp) {
      for (const answer of [...held]) {
        if (path && !path.test(answer.path)) continue;
        held.splice(held.indexOf(answer), 1);
        answer.send();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type DroppingProxy = Awaited<ReturnType<typeof startDroppingProxy>>;
