// Entry of the import worker (bundled as out/main/import-worker.js; run from source through tsx in Node): one
// request per thread, then the thread ends. Cancelling terminates the thread, so nothing half-read survives.
import { parentPort } from 'node:worker_threads';
import { runPipeline, type PipelineRequest } from './pipeline';
import { toPlainError, type ImportWorkerMessage } from './protocol';

const port = parentPort;
if (!port) throw new Error('the import worker must run inside a worker thread');
const post = (message: ImportWorkerMessage) => port.postMessage(message);

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
    (outcome) => post({ type: 'done', outcome }),
    (error: unknown) => post({ type: 'failed', error: toPlainError(error) }),
  );
});
