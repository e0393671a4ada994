import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { CountingDebouncer, LatestValueThrottle } from './coalesce.js';

describe('coalescing follow-up work', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once per key and window with the number of calls, keys apart', async () => {
    const runs: [string, number][] = [];
    const debouncer = new CountingDebouncer(250, () => undefined);
    for (const key of ['a', 'a', 'b', 'a']) debouncer.add(key, (count) => Promise.resolve(void runs.push([key, count])));
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(250);
    expect(runs).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    debouncer.add('a', (count) => Promise.resolve(void runs.push(['a', count])));
    await vi.advanceTimersByTimeAsync(250);
    expect(runs.at(-1)).toEqual(['a', 1]);
  });

  it('hands a failed run to the error handler', async () => {
    const errors: unknown[] = [];
    const debouncer = new CountingDebouncer(10, (e) => errors.push(e));
    debouncer.add('a', () => Promise.reject(new Error('db away')));
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(1);
  });

  it('writes the first value at once and only the latest of a burst at the window’s end', async () => {
    const writes: [string, number][] = [];
    const throttle = new LatestValueThrottle<number>(1000, (key, value) => Promise.resolve(void writes.push([key, value])), () => undefined);
    throttle.push('room', 1);
    throttle.push('room', 2);
    throttle.push('room', 3);
    throttle.push('other', 9);
    expect(writes).toEqual([
      ['room', 1],
      ['other', 9],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([
      ['room', 1],
      ['other', 9],
      ['room', 3],
    ]);
    throttle.push('room', 4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes.at(-1)).toEqual(['room', 4]);
    expect(writes).toHaveLength(4);
  });
});
