/**
 * Which orders' lanes may send next. Lanes that received new work while the terminal runs
 * ("fresh": a sale just made at the counter) go before the backlog, so new work never queues
 * behind a long drain; each queue is first in, first out. Delayed lanes wait for their time.
 */
export class LaneQueue {
  private readonly fresh = new Fifo();
  private readonly backlog = new Fifo();
  private readonly queued = new Set<string>();
  private readonly freshLanes = new Set<string>();
  private readonly delayed = new Map<string, number>();

  /** Forgets every lane (the pusher reads them again from the database). */
  clear(): void {
    this.fresh.clear();
    this.backlog.clear();
    this.queued.clear();
    this.freshLanes.clear();
    this.delayed.clear();
  }

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
    const id = this.fresh.take() ?? this.backlog.take();
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
    return this.fresh.size + this.backlog.size;
  }

  get delayedCount(): number {
    return this.delayed.size;
  }
}

/**
 * A first-in-first-out list of lane ids. `Array#shift` moves every element once the array is
 * large (a backlog holds thousands of lanes and is taken from on every send); this reads from a
 * head index instead and drops the consumed prefix once it is half the storage.
 */
class Fifo {
  private items: string[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(id: string): void {
    this.items.push(id);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  take(): string | undefined {
    if (this.head === this.items.length) return undefined;
    const id = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return id;
  }
}
