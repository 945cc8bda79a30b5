import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server on 127.0.0.1 that answers what a test sets, for what the reference server would never
 * send (a change that breaks the contract): `/v2/changes` pages in turn and any other answer.
 */
export type Answer = { status: number; body: unknown };
export type Route = (method: string, path: string) => Answer | undefined;

const notFound: Answer = { status: 404, body: { error: { code: 'not_found', message: 'no' } } };

export interface FeedServer {
  url: string;
  /** Every request, as `GET /v2/changes?…`. */
  asked: string[];
  route: Route;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const feed: FeedServer = { url: '', asked: [], route: () => undefined, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      feed.asked.push(`${req.method} ${req.url}`);
      const answer = feed.route(req.method ?? 'GET', req.url ?? '/') ?? notFound;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feed.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return feed;
}

/** `/v2/changes` serving `pages` in turn (the cursor is the next page's index); `extra` answers the rest. */
export function pages(list: unknown[][], extra: Route = () => undefined): Route {
  return (method, path) => {
    if (method !== 'GET' || !path.startsWith('/v2/changes')) return extra(method, path);
    const since = new URL(path, 'http://x').searchParams.get('since');
    const index = since === null ? 0 : Number(since);
    return { status: 200, body: { changes: list[index] ?? [], cursor: String(Math.min(index + 1, list.length)), hasMore: index + 1 < list.length } };
  };
}
