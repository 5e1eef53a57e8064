// Child process of bench/import.bench.ts: imports one file into a fresh history database exactly as `plasticity-lab
// import` does (read from disk, parse + validate + decisions in the import worker, one-transaction store) and prints
// one JSON line with the phases' times, the process's CPU time and its peak RSS (worker threads included).
import { openHistoryDb } from '../src-main/db/connection';
import { createEntriesRepo } from '../src-main/db/entries-repo';
import { createDatasetsRepo } from '../src-main/db/datasets-repo';
import { createImporter } from '../src-main/import/importer';
import { readImportFile } from '../src-main/import/file';
import { importMappingSchema } from '../src-core/io/index';

const [file, dbPath] = process.argv.slice(2);
const db = openHistoryDb(dbPath);
const entries = createEntriesRepo(db);
const datasets = createDatasetsRepo(db, entries);
let stored = 0;
const importer = createImporter({ datasets, appVersion: 'bench', emit: () => undefined });
const mapping = importMappingSchema.parse({ valueColumns: ['amplitude', 'volume', 'delay'], groupColumns: ['animal', 'area'] });

const t0 = performance.now();
const { fileName, bytes } = await readImportFile(file);
const t1 = performance.now();
const { datasetId } = await importer.importDataset({ fileName, bytes, mapping, dropClasses: [], keepClasses: [], positiveOnly: true, allowDuplicate: false });
const t2 = performance.now();
stored = datasets.summary(datasetId)?.rowCount ?? 0;
db.close();
const cpu = process.cpuUsage();
console.log(JSON.stringify({
  readFileSeconds: (t1 - t0) / 1000, importSeconds: (t2 - t1) / 1000, totalSeconds: (t2 - t0) / 1000, rows: stored,
  // CPU time of the whole process, worker threads included (getrusage): what the import costs when the machine is shared.
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
}));
