// Entry of the import worker (bundled as out/main/import-worker.js; run from source through tsx in Node): one
// request per thread, then the thread ends. Cancelling terminates the thread, so nothing half-read survives.
import { parentPort } from 'node:worker_threads';
import { runPipeline, type PipelineRequest } from './pipeline';
import { toPlainError, type ImportWorkerMessage } from './protocol';

const port = parentPort;
if (!port) throw new Error('the import worker must run inside a worker thread');
const post = (message: ImportWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/**
 * Every ArrayBuffer under the outcome's typed arrays, once each: moved to main instead of copied, so a million-row
 * import does not hold its columns twice while the reply crosses (this thread ends right after).
 */
function buffersOf(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) buffersOf(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) buffersOf(item, found);
  }
  return [...found];
}

port.once('message', (request: PipelineRequest) => {
  let last = 0;
  const progress = {
    report({ fraction }: { fraction: number }) {
      const now = performance.now();
      if (now - last < 50 && fraction < 1) return;
      last = now;
      post({ type: 'progress', fraction });
    },
    checkCancelled: () => undefined,
  };
  runPipeline(request, progress).then(
    (outcome) => post({ type: 'done', outcome }, buffersOf(outcome)),
    (error: unknown) => post({ type: 'failed', error: toPlainError(error) }),
  );
});
