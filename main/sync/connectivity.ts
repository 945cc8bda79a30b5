import type { Connectivity } from '../context.ts';

/**
 * Online/offline that does not trust one failure: the terminal is offline after
 * `failuresToOffline` network failures in a row, online again at the first answer.
 */
export class ConnectivityTracker {
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
