// Entry file of every pool worker (bundled as out/main/worker.js; run from source through tsx in Node).
import { catalogue } from '@core/jobs/catalogue';
import { startWorker } from './worker-entry';

startWorker(catalogue);
