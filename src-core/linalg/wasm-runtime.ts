/**
 * Instances of the RNN kernel module (wasm-rnn-kernels.ts: the f64x2 and f32x4 kernels in one module) and their
 * memories, shared by the float64 entry points (wasm-gemm.ts) and the float32 ones (wasm-gemm32.ts). There is no
 * build step: the module is assembled at load time, so `npm install` is all it needs. Without WebAssembly SIMD (or
 * when a CSP forbids compiling it) `sharedKernel` and `slotKernel` return null and callers use the TypeScript
 * kernels, which give the same bits.
 */
import { rnnKernelModule } from './wasm-rnn-kernels';

// The few WebAssembly members used here (the project's TypeScript libs do not declare the WebAssembly global).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

/** The module's exports; pointers and sizes in bytes unless a kernel's documentation says otherwise. */
export interface Kernel {
  nt: (a: number, bp: number, m: number, k: number, n: number, out: number, accumulate: number) => void;
  tn: (a: number, b: number, rows: number, m: number, n: number, out: number) => void;
  tanhfp: (src: number, h: number, fp: number, len: number, consts: number) => void;
  vstep: (drive: number, prev: number, bias: number, pre: number, h: number, fp: number, rows: number, n: number, consts: number) => void;
  gemm32: (a: number, aRow: number, aStep: number, q: number, jScale: number, qStep: number, m: number, k: number, n: number,
    out: number, outRow: number, accumulate: number) => void;
  vstep32: (drive: number, prev: number, bias: number, pre: number, h: number, fp: number, rows: number, n: number, consts: number) => void;
  bstep32: (dy: number, v: number, nOut: number, back: number, carry: number, fp: number, next: number, z: number, rows: number, n: number,
    consts: number) => void;
  leak32: (prev: number, src: number, out: number, blocks: number, len: number, consts: number) => void;
  readout32: (h: number, v: number, c: number, y: number, rows: number, n: number, nOut: number) => void;
  signal32: (dy: number, f: number, fp: number, out: number, rows: number, n: number, nOut: number, withFp: number) => void;
  mem: WasmMemory;
}

let compiled: object | null | undefined;
let shared: Kernel | null | undefined;

/** A fresh instance (own memory) of the compiled module, or null without WebAssembly SIMD. */
function instantiate(): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(rnnKernelModule());
    } catch {
      compiled = null; // no WebAssembly SIMD here: callers keep the TypeScript kernels
    }
  }
  if (compiled === null) return null;
  return new WebAssembly.Instance(compiled).exports as Kernel;
}

let enabled = true;
/** Turns the SIMD paths off or on (tests compare both paths). */
export function setWasmGemmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the SIMD kernels are in use (for benchmarks and tests). */
export function wasmGemmAvailable(): boolean {
  if (shared === undefined) shared = instantiate();
  return shared !== null;
}

/** The instance for one-off products (inputs copied in per call), or null if SIMD is unavailable or disabled. */
export function sharedKernel(): Kernel | null {
  if (!enabled) return null;
  if (shared === undefined) shared = instantiate();
  return shared;
}

/**
 * One reusable instance per named slot for the pinned kernels, so a training loop does not create a WebAssembly
 * memory per call. A slot's previous pin becomes invalid when the slot is pinned again; each caller pins, uses the
 * closure synchronously within one function, and never interleaves two pins of the same slot.
 */
const slots = new Map<string, Kernel>();
export function slotKernel(slot: string): Kernel | null {
  if (!enabled) return null;
  let k = slots.get(slot);
  if (k === undefined) {
    const fresh = instantiate();
    if (fresh === null) return null;
    slots.set(slot, fresh);
    k = fresh;
  }
  return k;
}

/**
 * A fresh instance whose memory belongs to the caller alone (a float32 trajectory lives in one: rnn/forward-simd.ts),
 * or null if SIMD is unavailable or disabled. It is garbage like any object once the caller drops it.
 */
export function privateKernel(): Kernel | null {
  if (!enabled) return null;
  return instantiate();
}

/** Whether the SIMD kernels are enabled (they are unless a test turned them off). */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}

/** Grows the instance's memory to at least `bytes` (growing invalidates older views of it). */
export function ensureBytes(kern: Kernel, bytes: number): ArrayBuffer {
  if (kern.mem.buffer.byteLength < bytes) kern.mem.grow(Math.ceil((bytes - kern.mem.buffer.byteLength) / 65536));
  return kern.mem.buffer;
}
