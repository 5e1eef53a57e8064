import { createAppContext, type AppContext } from '../app-context';
import { defaultDatabasePath } from './paths';

/** Opens the history (and a worker pool) for one command and always closes them, even on error. */
export async function withContext<T>(dbPath: string | undefined, options: { workers?: number }, body: (context: AppContext) => Promise<T>): Promise<T> {
  // A command may block its own thread: a cluster collect merges right here instead of in a worker.
  const context = createAppContext({ databasePath: dbPath ?? defaultDatabasePath(), workers: options.workers, clusterMerge: 'in-process' });
  try {
    return await body(context);
  } finally {
    await context.close();
  }
}
