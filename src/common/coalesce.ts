type Work<T> = (value: T) => Promise<void>;

/**
 * Calls for the same key within `windowMs` become one call at the end of the window, which learns
 * how many there were. Busy threads and rooms then cost one unread-count query per reader and
 * window, not one per message. The first call's `run` is the one that runs.
 */
export class CountingDebouncer {
  private readonly pending = new Map<string, { count: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(key: string, run: Work<number>): void {
    const pending = this.pending.get(key);
    if (pending) {
      pending.count++;
      return;
    }
    const entry = { count: 1 };
    this.pending.set(key, entry);
    setTimeout(() => {
      this.pending.delete(key);
      run(entry.count).catch(this.onError);
    }, this.windowMs).unref();
  }
}

/**
 * Per key, the first value is written at once; values that follow within `windowMs` are written
 * once at its end, the latest only. A burst costs two writes and its last value always lands.
 */
export class LatestValueThrottle<T> {
  private readonly pending = new Map<string, { value: T }>();

  constructor(
    private readonly windowMs: number,
    private readonly write: (key: string, value: T) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(key: string, value: T): void {
    const pending = this.pending.get(key);
    if (pending) {
      pending.value = value;
      return;
    }
    const entry = { value };
    this.pending.set(key, entry);
    this.write(key, value).catch(this.onError);
    setTimeout(() => {
      this.pending.delete(key);
      if (entry.value !== value) this.write(key, entry.value).catch(this.onError);
    }, this.windowMs).unref();
  }
}
