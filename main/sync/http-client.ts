import ky, { type KyInstance } from 'ky';
import { ifMatch } from '../../common/backend-api.ts';
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
  /** Sends from now on to another address of the backend (requests on their way finish where they went). */
  retarget(serverUrl: string): void;
}

/**
 * What lies under a failed request: the system's error code (ECONNREFUSED, ETIMEDOUT…) or the
 * innermost cause's message ("bad port"), down the error's causes (ky wraps fetch's TypeError,
 * which wraps it).
 */
function failureDetail(error: unknown): string | undefined {
  let current = (error as { cause?: unknown }).cause;
  let message: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (current instanceof Error) message = current.message;
    current = cause;
  }
  return message;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clientFor = (serverUrl: string): KyInstance =>
    ky.create({
      baseUrl: serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`,
      timeout: options.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      headers: { authorization: `Bearer ${options.deviceToken}`, accept: 'application/json' },
    });
  let api = clientFor(options.serverUrl);

  async function exchange(path: string, init: Parameters<KyInstance>[1]): Promise<HttpResult> {
    try {
      const response = await api(path.replace(/^\//, ''), init);
      const text = await response.text();
      return { ok: true, status: response.status, retryAfter: response.headers.get('retry-after'), text };
    } catch (error) {
      const detail = failureDetail(error);
      return { ok: false, reason: `${(error as Error).name}: ${(error as Error).message}${detail ? ` (${detail})` : ''}` };
    }
  }

  return {
    send(request, idempotencyKey) {
      const headers: Record<string, string> = { 'idempotency-key': idempotencyKey };
      if (request.ifMatch !== null) headers['if-match'] = ifMatch(request.ifMatch);
      return exchange(request.path, { method: request.method, headers, json: request.body ?? {} });
    },
    get(path) {
      return exchange(path, { method: 'GET' });
    },
    retarget(serverUrl) {
      api = clientFor(serverUrl);
    },
  };
}
