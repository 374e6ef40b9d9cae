/**
 * Where export jobs run. Locally (`npm start`, the tests) an in-process runner takes each job
 * as it is queued and, when the server starts again, every job a stopped server left
 * unfinished: a queued one is run, a running one (its run died with the process) is run again
 * from the start while attempts remain and failed cleanly after that. In AWS `start` does
 * nothing: the table stream hands each new job item to the exports function
 * (handlers/exports.ts), which calls the same `runExport`.
 */
import { join } from 'node:path';
import { LocalExportFiles, type ExportFiles } from '../records/exports-files.js';
import { activeJobIds, MAX_ATTEMPTS, readJob, stopJob } from '../store/export-jobs.js';
import { runExport, type ExportRunner, type RunDeps } from './export-jobs.js';

export class InProcessExportRunner implements ExportRunner {
  readonly files: ExportFiles;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: RunDeps) {
    this.files = deps.files;
  }

  start(id: string): void {
    const run: Promise<unknown> = runExport(this.deps, id)
      .catch((error: Error) => console.error(JSON.stringify({ level: 'error', msg: 'export job stopped', id, error: String(error?.stack ?? error) })))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when no job is running here (tests, and a clean stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** On start: resume or fail what a previous process left unfinished. Answers how many of each. */
  async recover(): Promise<{ resumed: number; failed: number }> {
    if (this.files instanceof LocalExportFiles) await this.files.removeLeftovers();
    let resumed = 0;
    let failed = 0;
    for (const id of await activeJobIds(this.deps.db)) {
      const job = await readJob(this.deps.db, id);
      if (!job) continue;
      if (job.status === 'running' && job.attempt >= MAX_ATTEMPTS) {
        if (await stopJob(this.deps.db, id, { status: 'failed', error: 'interrupted' }, this.deps.now())) failed++;
      } else if (job.status === 'queued' || job.status === 'running') {
        this.start(id);
        resumed++;
      }
    }
    return { resumed, failed };
  }
}

/** The runner for this process: in AWS (`FILES_BUCKET`) S3 files and the stream; locally a folder and this process. */
export function exportRunnerFromEnv(deps: Omit<RunDeps, 'files'>, env: NodeJS.ProcessEnv = process.env): ExportRunner {
  if (env.FILES_BUCKET) return { files: lazyS3(env.FILES_BUCKET), start: () => {} };
  const dir = env.FILES_DIR || join(env.UNIONFLOW_DATA_DIR || '.data', 'files');
  return new InProcessExportRunner({ ...deps, files: new LocalExportFiles({ dir, secret: env.FILES_TOKEN_SECRET || undefined, now: deps.now }) });
}

/** S3 export files, loaded on first use: the S3 client stays out of the API's cold start. */
export function lazyS3(bucket: string): ExportFiles {
  let store: Promise<ExportFiles> | undefined;
  const get = () => (store ??= import('../records/exports-s3.js').then(({ S3ExportFiles }) => new S3ExportFiles({ bucket })));
  return {
    put: async (key, body, contentType) => (await get()).put(key, body, contentType),
    link: async (key, jobId, as) => (await get()).link(key, jobId, as),
    remove: async (key) => (await get()).remove(key),
  };
}
