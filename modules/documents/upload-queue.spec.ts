import { describe, expect, it } from 'vitest';

import { UploadQueue } from './upload-queue.js';

describe('upload queue', () => {
  it('takes no more than a centre’s share, nor more than the whole queue holds', () => {
    const queue = new UploadQueue({ perCentre: 2, total: 3, parallel: 1 });
    expect(queue.admit('a')).not.toBeNull();
    expect(queue.admit('a')).not.toBeNull();
    expect(queue.admit('a')).toBeNull();
    const b = queue.admit('b');
    expect(b).not.toBeNull();
    expect(queue.admit('c')).toBeNull();
    queue.release(b!);
    expect(queue.admit('c')).not.toBeNull();
  });

  it('lets centres take turns: a centre with many uploads does not keep another one waiting behind all of them', async () => {
    const queue = new UploadQueue({ perCentre: 10, total: 20, parallel: 1 });
    const served: string[] = [];
    const run = async (centre: string, name: string) => {
      const ticket = queue.admit(centre)!;
      await queue.turn(ticket);
      served.push(name);
      // Finish on the next tick, as an inspection would, so that the others are all queued.
      await new Promise((r) => setImmediate(r));
      queue.release(ticket);
    };
    await Promise.all([run('busy', 'busy 1'), run('busy', 'busy 2'), run('busy', 'busy 3'), run('busy', 'busy 4'), run('quiet', 'quiet 1')]);
    // At most the busy centre's next one goes before the quiet centre's first.
    expect(served.indexOf('quiet 1')).toBeLessThan(served.indexOf('busy 3'));
    expect(served).toHaveLength(5);
  });

  it('keeps a worker for other centres: one centre never takes them all', async () => {
    const queue = new UploadQueue({ perCentre: 4, total: 8, parallel: 2 });
    const hostile = [queue.admit('a')!, queue.admit('a')!, queue.admit('a')!];
    const started: string[] = [];
    for (const [i, ticket] of hostile.entries()) void queue.turn(ticket).then(() => started.push(`a${i}`));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a0']);
    const normal = queue.admit('b')!;
    await queue.turn(normal);
    // The other centre ran at once, beside the hostile one, without waiting for it.
    expect(started).toEqual(['a0']);
    expect(queue.waiting).toBe(2);
  });

  it('gives a place back when an upload gives up while waiting', async () => {
    const queue = new UploadQueue({ perCentre: 1, total: 2, parallel: 1 });
    const first = queue.admit('a')!;
    await queue.turn(first);
    const second = queue.admit('b')!;
    const waiting = queue.turn(second);
    expect(queue.waiting).toBe(1);
    queue.release(second);
    expect(queue.waiting).toBe(0);
    queue.release(first);
    expect(queue.admit('b')).not.toBeNull();
    void waiting;
  });
});
