import type { Problem } from '../../common/problem.ts';
import type { Reachability } from './connectivity.ts';
import type { HttpClient, HttpResult } from './http-client.ts';
import { errorOf } from './outcome.ts';
import { tokenRefused } from './sync-problems.ts';

/**
 * The pull's GETs, and what they tell about the server being reached. A terminal with nothing to
 * send learns from them that the server cannot be reached (and that it can again). One pull
 * counts once, however many GETs it made (the rules, the catalog, the pages, the orders it
 * catches up with): reached when any got an answer, not reached when none did. A GET outside a
 * pull (a refresh the pusher asks for) counts alone. Nothing is told once the terminal closed:
 * the answer is dropped then.
 */
export class PullHttp {
  private readonly http: HttpClient;
  private readonly reachability: Reachability;
  private readonly isOpen: () => boolean;
  /** What the GETs of the pull under way met; null outside a pull. */
  private met: { answer: boolean; noAnswer: boolean } | null = null;

  constructor(http: HttpClient, reachability: Reachability, isOpen: () => boolean) {
    this.http = http;
    this.reachability = reachability;
    this.isOpen = isOpen;
  }

  async get(path: string): Promise<HttpResult> {
    const answer = await this.http.get(path);
    if (this.met) {
      if (answer.ok) this.met.answer = true;
      else this.met.noAnswer = true;
    } else {
      this.tell(answer.ok, !answer.ok);
    }
    return answer;
  }

  /** Runs one pull; its GETs count once, when it ends. */
  async pull<T>(work: () => Promise<T>): Promise<T> {
    const met = { answer: false, noAnswer: false };
    this.met = met;
    try {
      return await work();
    } finally {
      this.met = null;
      this.tell(met.answer, met.noAnswer);
    }
  }

  private tell(answer: boolean, noAnswer: boolean): void {
    if (!this.isOpen()) return;
    if (answer) this.reachability.answered();
    else if (noAnswer) this.reachability.networkFailed();
  }
}

/** A 401 (the server does not know this device's token), said as a push refused for it is; null for any other answer. */
export function tokenRefusal(answer: HttpResult): Problem | null {
  if (!answer.ok || answer.status !== 401) return null;
  return tokenRefused(errorOf(answer.text)?.message ?? 'HTTP 401');
}
