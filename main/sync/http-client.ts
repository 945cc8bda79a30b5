import ky, { type KyInstance } from 'ky';
import type { FrozenRequest } from './requests.ts';
import type { RawAnswer } from './outcome.ts';

/**
 * THE HTTP client of the terminal (ky on fetch, keep-alive). No retries here: the outbox decides
 * what to resend and with which key. Any failure to get a whole answer is a network outcome.
 */
export interface HttpClientOptions {
  serverUrl: string;
  deviceToken: string;
  timeoutMs: number;
}

export type HttpResult = ({ ok: true } & RawAnswer) | { ok: false; reason: string };

export interface HttpClient {
  send(request: FrozenRequest, idempotencyKey: string): Promise<HttpResult>;
  get(path: string): Promise<HttpResult>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const api: KyInstance = ky.create({
    baseUrl: options.serverUrl.endsWith('/') ? options.serverUrl : `${options.serverUrl}/`,
    timeout: options.timeoutMs,
    retry: 0,
    throwHttpErrors: false,
    headers: { authorization: `Bearer ${options.deviceToken}`, accept: 'application/json' },
  });

  async function exchange(path: string, init: Parameters<KyInstance>[1]): Promise<HttpResult> {
    try {
      const response = await api(path.replace(/^\//, ''), init);
      const text = await response.text();
      return { ok: true, status: response.status, retryAfter: response.headers.get('retry-after'), text };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, reason: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}` };
    }
  }

  return {
    send(request, idempotencyKey) {
      const headers: Record<string, string> = { 'idempotency-key': idempotencyKey };
      if (request.ifMatch !== null) headers['if-match'] = `"${request.ifMatch}"`;
      return exchange(request.path, { method: request.method, headers, json: request.body ?? {} });
    },
    get(path) {
      return exchange(path, { method: 'GET' });
    },
  };
}
