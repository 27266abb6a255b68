import { describe, expect, it } from '@jest/globals';
import { TtlCache } from './ttl-cache.js';

/** A computation that counts its calls and resolves (or rejects) when told. */
function deferred() {
  let calls = 0;
  const pending: Array<{ resolve: (v: string) => void; reject: (e: Error) => void }> = [];
  const compute = () => {
    calls += 1;
    return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { compute, calls: () => calls, pending };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TtlCache', () => {
  it('serves a computed value until the TTL has passed since it was computed', async () => {
    let now = 1_000;
    const cache = new TtlCache<number, string>(30_000, () => now);
    let calls = 0;
    const compute = async () => `v${++calls}`;

    expect(await cache.get(2025, compute)).toBe('v1');
    now += 29_999;
    expect(await cache.get(2025, compute)).toBe('v1');
    now += 1;
    expect(await cache.get(2025, compute)).toBe('v2');
    expect(calls).toBe(2);
  });

  it('keeps keys apart', async () => {
    const cache = new TtlCache<number, string>(30_000, () => 0);
    expect(await cache.get(2024, async () => 'a')).toBe('a');
    expect(await cache.get(2025, async () => 'b')).toBe('b');
    expect(await cache.get(2024, async () => 'c')).toBe('a');
  });

  it('lets concurrent calls share one computation, and counts the TTL from its end', async () => {
    let now = 0;
    const cache = new TtlCache<number, string>(1_000, () => now);
    const d = deferred();

    const first = cache.get(2025, d.compute);
    now += 5_000; // a slow computation: still shared, not expired
    const second = cache.get(2025, d.compute);
    expect(d.calls()).toBe(1);
    d.pending[0].resolve('v1');
    expect(await Promise.all([first, second])).toEqual(['v1', 'v1']);
    await flush();

    now += 999;
    expect(await cache.get(2025, d.compute)).toBe('v1');
    expect(d.calls()).toBe(1);
  });

  it('does not keep a failure: every waiter sees it, the next call computes again', async () => {
    const cache = new TtlCache<number, string>(30_000, () => 0);
    const d = deferred();

    const first = cache.get(2025, d.compute);
    const second = cache.get(2025, d.compute);
    d.pending[0].reject(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    await expect(second).rejects.toThrow('database down');
    await flush();

    const third = cache.get(2025, d.compute);
    expect(d.calls()).toBe(2);
    d.pending[1].resolve('v2');
    expect(await third).toBe('v2');
  });

  it('delete forgets a key at once', async () => {
    const cache = new TtlCache<number, string>(30_000, () => 0);
    let calls = 0;
    const compute = async () => `v${++calls}`;
    await cache.get(2025, compute);
    cache.delete(2025);
    expect(await cache.get(2025, compute)).toBe('v2');
  });

  it('a TTL of 0 disables it: every call computes', async () => {
    const cache = new TtlCache<number, string>(0, () => 0);
    let calls = 0;
    const compute = async () => `v${++calls}`;
    expect(await cache.get(2025, compute)).toBe('v1');
    expect(await cache.get(2025, compute)).toBe('v2');
  });
});
