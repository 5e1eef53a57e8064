import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '@core/contract/wire';
import { fromWireBytes } from '@core/contract/wire-bytes';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('fromWireBytes', () => {
  it('decodes exactly what fromWire decodes, typed arrays decoded from the bytes where they lie', () => {
    const payload = {
      fileName: 'a "quoted" {name} with \\ and "b64":"x"',
      bytes: new Uint8Array([0, 1, 2, 250, 255]),
      nested: [{ w: new Float64Array([NaN, -0, 1e-310, Infinity]) }, { c: new Int16Array([-32768, 7]) }, new Uint32Array([])],
      user: { b64: 'not a typed array', $note: '{"$typed":"Uint8Array","b64":"AAAA"}' },
      unicode: 'µm³ – 😀',
    };
    const text = toWire(payload);
    const fast = fromWireBytes(bytesOf(text)) as typeof payload;
    expect(fast).toEqual(fromWire(text));
    expect(fast.bytes).toBeInstanceOf(Uint8Array);
    expect(Object.is((fast.nested[0] as { w: Float64Array }).w[1], -0)).toBe(true);
    expect(fast.user).toEqual(payload.user);
    expect(fromWireBytes(bytesOf(' { "a" : { "$typed" : "Uint8Array" , "b64" : "AQID" } } '))).toEqual({ a: new Uint8Array([1, 2, 3]) });
    // Every length modulo 3 (padding "=", "==" or none), with and without the padding written.
    for (let n = 0; n < 9; n++) {
      const array = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = toWire({ array });
      expect(fromWireBytes(bytesOf(text))).toEqual({ array });
      expect(fromWireBytes(bytesOf(text.replace(/=+"/, '"')))).toEqual({ array });
    }
  });

  it("refuses what is not this API's JSON: broken text, unknown array types, lengths that are not whole elements", () => {
    expect(() => fromWireBytes(bytesOf('{"a": "unterminated'))).toThrow();
    expect(() => fromWireBytes(bytesOf('{"x": {"$typed": "Function", "b64": ""}}'))).toThrow(/unknown typed array Function/);
    expect(() => fromWireBytes(bytesOf('{"x": {"$typed": "Float64Array", "b64": "AAAA"}}'))).toThrow(/3 bytes are not a whole number of elements/);
    expect(() => fromWire('{"x": {"$typed": "toString", "b64": ""}}')).toThrow(/unknown typed array toString/);
  });
});
