import { describe, expect, it } from 'vitest';
import { CodecError, decodeData, encodeData } from '../../src-main/cluster/codec';
import { sameNumbers } from '../../src-main/history/rerun';
import { createRng } from '../../src-core/random/rng';
import { catalogue } from '../../src-core/jobs/catalogue';
import { rnnTrainConfigSchema } from '../../src-core/rnn/schema';

/** The plan and part file format: plain data with typed arrays, kept bit for bit (what a structured clone keeps). */
describe('cluster data files', () => {
  it('round-trip special numbers, undefined, nested typed arrays of every type and unaligned views bit for bit', () => {
    const backing = new Float64Array([1, 2, 3, 4]);
    const value = {
      special: [NaN, -0, 0, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, null, undefined],
      nested: { deeper: [{ a: new Float64Array([NaN, -0, 1 / 3]) }, 'ünïcode ✓ "quoted"\n'], flag: true, missing: undefined },
      typed: [new Float32Array([0.1, -1e-45, 3.4e38]), new Int32Array([-2147483648, 2147483647]), new Uint32Array([4294967295]),
        new Int16Array([-32768]), new Uint16Array([65535]), new Int8Array([-128]), new Uint8Array([0, 255, 7]), new Float64Array(0)],
      // A view into the middle of a bigger buffer, at an offset not a multiple of 8 in the file's JSON part.
      view: new Float64Array(backing.buffer, 8, 2),
      odd: new Uint8Array([1, 2, 3]),
    };
    const decoded = decodeData(encodeData(value)) as typeof value;
    expect(sameNumbers(decoded, value)).toBe(true);
    expect(Object.is(decoded.special[1], -0)).toBe(true);
    expect(decoded.special[9]).toBeUndefined();
    expect('missing' in decoded.nested).toBe(true);
    expect(decoded.view).toBeInstanceOf(Float64Array);
    expect(Array.from(decoded.view)).toEqual([2, 3]);
    expect(decoded.typed[0]).toBeInstanceOf(Float32Array);
    expect(decoded.typed.map((t) => t.constructor.name)).toEqual(value.typed.map((t) => t.constructor.name));
  });

  it('keeps the bytes of a real RNN training part (weights as typed arrays, loss curve as numbers)', () => {
    const config = rnnTrainConfigSchema.parse({ model: { n: 6 }, task: { kind: 'delayed-xor', delay: 2 }, rule: 'eprop', iterations: 4, batchSize: 2, returnParams: true, seed: 3 });
    const kind = catalogue['rnn-train'];
    const part = kind.runShard(kind.plan(config as never, 3)[0], { rng: createRng(3, 1), report: () => undefined, checkCancelled: () => undefined });
    expect(sameNumbers(decodeData(encodeData(part)), structuredClone(part))).toBe(true);
  });

  it('refuses what is not plain data, naming where it is', () => {
    expect(() => encodeData({ a: [1, { m: new Map() }] })).toThrow(/a\[1\]\.m: a Map is not plain data/);
    expect(() => encodeData({ when: new Date(0) })).toThrow(/when: a Date/);
    expect(() => encodeData({ n: 10n })).toThrow(/n: a bigint/);
    expect(() => encodeData({ f: () => 1 })).toThrow(/f: a function/);
    expect(() => encodeData({ x: { $typed: 'Float64Array' } })).toThrow(/x\.\$typed: the key is reserved/);
    expect(() => encodeData(new DataView(new ArrayBuffer(8)))).toThrow(CodecError);
  });

  it('refuses a file that is not one, or is cut short, with its name', () => {
    const bytes = encodeData({ w: new Float64Array([1, 2, 3]) });
    expect(() => decodeData(new TextEncoder().encode('entry,value\n1,2\n'), 'parts/x.part')).toThrow(/parts\/x\.part: not a Plasticity Lab data file/);
    expect(() => decodeData(bytes.subarray(0, 14), 'p')).toThrow(/p: truncated/);
    expect(() => decodeData(bytes.subarray(0, bytes.length - 8), 'p')).toThrow(/p: a typed array lies outside the file/);
  });
});
