import type { Connectivity } from '../context.ts';

/** What a request's fate tells about the server being reached (the pusher's and the pull's requests alike). */
export interface Reachability {
  /** The server answered (any HTTP status). */
  answered(): void;
  /** No answer: refused, reset, timed out. */
  networkFailed(): void;
}

/**
 * Online/offline that does not trust one failure: the terminal is offline after
 * `failuresToOffline` network failures in a row, online again at the first answer.
 */
export class ConnectivityTracker implements Reachability {
  private failures = 0;
  private readonly state: Connectivity;
  private readonly failuresToOffline: number;
  private readonly onChange: (online: boolean) => void;

  constructor(state: Connectivity, failuresToOffline: number, onChange: (online: boolean) => void) {
    this.state = state;
    this.failuresToOffline = failuresToOffline;
    this.onChange = onChange;
  }

  get online(): boolean {
    return this.state.online;
  }

  answered(): void {
    this.failures = 0;
    if (!this.state.online) {
      this.state.online = true;
      this.onChange(true);
    }
  }

  networkFailed(): void {
    this.failures++;
    if (this.state.online && this.failures >= this.failuresToOffline) {
      this.state.online = false;
      this.onChange(false);
    }
  }
}
