import { afterAll, describe, expect, it } from 'vitest';
import { ShardCancelledError, WorkerPool, sourceWorkerSpec } from '../../src-main/jobs/pool';
import { lognormalBootstrap } from '../../src-core/jobs/kinds/lognormal-bootstrap';

const pool = new WorkerPool({ size: 2, worker: sourceWorkerSpec(new URL('./fixtures/test-worker.ts', import.meta.url)) });
afterAll(() => pool.close());

const bootstrapShard = (count: number) => ({ source: { type: 'synthetic', n: 500, mu: 0.2, sigma: 0.8 }, seed: 7, count });

describe('worker pool', () => {
  it('runs a real seeded shard with monotone progress, the same result every time', async () => {
    const fractions: number[] = [];
    const first = (await pool.run({ kind: 'lognormal-bootstrap', shard: bootstrapShard(250), seed: 7, stream: 1, onProgress: (p) => fractions.push(p.fraction) }).promise) as { mu: Float64Array };
    const second = (await pool.run({ kind: 'lognormal-bootstrap', shard: bootstrapShard(250), seed: 7, stream: 1 }).promise) as { mu: Float64Array };
    expect(first.mu.length).toBe(250);
    expect(Array.from(second.mu)).toEqual(Array.from(first.mu));
    expect(fractions.length).toBeGreaterThan(0);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    // Same numbers as the pure function run in this thread: the worker adds nothing of its own.
    const { createRng } = await import('../../src-core/random/rng');
    const local = lognormalBootstrap.runShard(bootstrapShard(250) as never, { rng: createRng(7, 1), report: () => undefined, checkCancelled: () => undefined });
    expect(Array.from(local.mu)).toEqual(Array.from(first.mu));
  });

  it('cancels a running shard cooperatively and reuses the worker', async () => {
    const spawnedBefore = pool.spawned;
    const running = pool.run({ kind: 'test-spin', shard: null, seed: 1, stream: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    running.cancel();
    await expect(running.promise).rejects.toBeInstanceOf(ShardCancelledError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pool.spawned).toBe(spawnedBefore);
  });

  it('terminates and replaces a worker that ignores cancellation', async () => {
    const spawnedBefore = pool.spawned;
    const running = pool.run({ kind: 'test-deaf', shard: null, seed: 1, stream: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.cancel();
    await expect(running.promise).rejects.toBeInstanceOf(ShardCancelledError);
    expect(pool.spawned).toBe(spawnedBefore + 1);
  });

  it('fails only the shard whose worker throws or dies, and keeps working', async () => {
    await expect(pool.run({ kind: 'test-throw', shard: null, seed: 1, stream: 1 }).promise).rejects.toThrow('deliberate failure in a shard');
    const spawnedBefore = pool.spawned;
    await expect(pool.run({ kind: 'test-exit', shard: null, seed: 1, stream: 1 }).promise).rejects.toThrow(/exited with code 3/);
    expect(pool.spawned).toBe(spawnedBefore + 1);
    const after = (await pool.run({ kind: 'lognormal-bootstrap', shard: bootstrapShard(20), seed: 7, stream: 2 }).promise) as { mu: Float64Array };
    expect(after.mu.length).toBe(20);
  });

  it('queues more shards than workers and runs them all', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => pool.run({ kind: 'lognormal-bootstrap', shard: bootstrapShard(10), seed: 7, stream: i + 1 }).promise),
    );
    expect(results).toHaveLength(6);
    expect(pool.load).toEqual({ queued: 0, running: 0 });
  });
});
