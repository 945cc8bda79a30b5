/**
 * Which orders' lanes may send next. Lanes that received new work while the terminal runs
 * ("fresh": a sale just made at the counter) go before the backlog, so new work never queues
 * behind a long drain; each queue is first in, first out. Delayed lanes wait for their time.
 */
export class LaneQueue {
  private fresh: string[] = [];
  private backlog: string[] = [];
  private readonly queued = new Set<string>();
  private readonly freshLanes = new Set<string>();
  private readonly delayed = new Map<string, number>();

  markFresh(id: string): void {
    this.freshLanes.add(id);
  }

  forget(id: string): void {
    this.freshLanes.delete(id);
    this.delayed.delete(id);
  }

  push(id: string): void {
    if (this.queued.has(id)) return;
    this.delayed.delete(id);
    this.queued.add(id);
    (this.freshLanes.has(id) ? this.fresh : this.backlog).push(id);
  }

  next(): string | undefined {
    const id = this.fresh.shift() ?? this.backlog.shift();
    if (id !== undefined) this.queued.delete(id);
    return id;
  }

  delay(id: string, due: number): void {
    this.delayed.set(id, due);
  }

  /** Moves lanes whose time has come back into the queue; returns the next due time, if any. */
  promoteDue(now: number): number | undefined {
    let earliest: number | undefined;
    for (const [id, due] of this.delayed) {
      if (due <= now) {
        this.delayed.delete(id);
        this.push(id);
      } else if (earliest === undefined || due < earliest) {
        earliest = due;
      }
    }
    return earliest;
  }

  get readyCount(): number {
    return this.fresh.length + this.backlog.length;
  }

  get delayedCount(): number {
    return this.delayed.size;
  }
}
