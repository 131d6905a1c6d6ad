// Runs the offline analyzer: in a worker thread (piscina) in the server, so a long analysis
// never delays the sync loop; inline when a caller asks for no threads.
import { Piscina } from 'piscina';
import type { WorkerResult, WorkerTask } from './worker.ts';

export interface AnalyzerRunner {
  run(task: WorkerTask): Promise<WorkerResult>;
  close(): Promise<void>;
}

export async function createAnalyzerRunner(options: { threads: number }): Promise<AnalyzerRunner> {
  if (options.threads === 0) {
    const worker = await import('./worker.ts');
    return { run: async (task) => worker.default(task), close: async () => undefined };
  }
  // The worker is TypeScript: it inherits this process's execArgv (`--import tsx`, or tsx's own
  // loader flags under `npm start`), as worker threads do by default.
  const pool = new Piscina<WorkerTask, WorkerResult>({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
