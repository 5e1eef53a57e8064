// Entry of the collect worker (bundled as out/main/cluster-worker.js; run from source through tsx in Node): merges one
// job folder's parts off the main thread, so the interface stays responsive while thousands of parts are read.
import { parentPort } from 'node:worker_threads';
import { mergeJobDir } from './collect';
import type { CollectWorkerMessage } from './collect-runner';

const port = parentPort;
if (!port) throw new Error('the collect worker must run inside a worker thread');

port.once('message', (dir: string) => {
  let message: CollectWorkerMessage;
  try {
    message = { type: 'done', merged: mergeJobDir(dir) };
  } catch (error) {
    message = { type: 'failed', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(message);
});
