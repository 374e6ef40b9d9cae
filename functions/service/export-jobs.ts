/**
 * Export jobs (API.md, "Export jobs"): a download too large for one response, written in the
 * background to the file store and fetched by a short-lived link. Only whoever started a job
 * sees it; anyone else gets the same not_found as for no such id.
 *
 * The job item is the truth: the API writes it queued, a runner claims it (in AWS the exports
 * function, fed by the table stream; locally the in-process runner of export-runner.ts) and
 * writes the file through the same export code as the streamed downloads, with the scope the
 * owner had when asking. The file is complete before the job is marked done.
 */
import type { Caller } from '../auth/scope.js';
import { exportFileKey, type ExportFiles } from '../records/exports-files.js';
import { checkExportRequest, exportSubmissions, type ExportRequest } from '../records/exports.js';
import { DomainError, notFound } from '../store/errors.js';
import {
  claimJob,
  finishJob,
  insertJob,
  listJobs,
  readJob,
  reportProgress,
  stopJob,
  type ExportJob,
  type ExportJobStatus,
} from '../store/export-jobs.js';
import type { Submission } from '../store/submissions.js';
import { newId, type Deps } from './submissions.js';

/** How jobs reach a runner, and where their files go. */
export type ExportRunner = {
  files: ExportFiles;
  /** Hand a freshly queued job to a runner (in AWS a no-op: the table stream does it). */
  start(id: string): void;
};

export type ExportJobDeps = Deps & { exports: ExportRunner };

export type RunDeps = Deps & {
  files: ExportFiles;
  /** The submission as the API shows it (JSON Lines). */
  view: (sub: Submission) => Record<string, unknown>;
  pageSize?: number;
  /** Least time between progress writes; every page when 0. */
  progressEveryMs?: number;
};

/** Why a job failed, as the page says it. */
export const FAILURES = {
  interrupted: { zh: '导出进程中断次数过多', en: 'The export was interrupted too many times' },
  unavailable: { zh: '数据库暂时无法访问', en: 'The database did not answer' },
  internal: { zh: '导出时发生内部错误', en: 'Something went wrong while exporting' },
} as const;
export type FailureCode = keyof typeof FAILURES;

export type ExportJobView = {
  id: string;
  format: ExportJob['format'];
  filter: Record<string, string>;
  status: ExportJobStatus;
  rows: number;
  createdAt: string;
  updatedAt: string;
  /** Only when done: a link that works for a few minutes; ask again for a fresh one. */
  url?: string;
  filename?: string;
  size?: number;
  error?: string;
};

export const isFinished = (status: ExportJobStatus) => status === 'done' || status === 'failed' || status === 'cancelled';

async function viewOf(deps: ExportJobDeps, job: ExportJob): Promise<ExportJobView> {
  const view: ExportJobView = {
    id: job.id,
    format: job.format,
    filter: job.filter,
    status: job.status,
    rows: job.rows,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
  if (job.error) view.error = job.error;
  if (job.status === 'done' && job.file) {
    view.url = await deps.exports.files.link(job.file.key, job.id, { name: job.file.name, contentType: job.file.contentType });
    view.filename = job.file.name;
    view.size = job.file.size;
  }
  return view;
}

/** Queue a job: the request is checked now, so a refused filter is a 422 here, not a failed job. */
export async function startExport(deps: ExportJobDeps, caller: Caller, request: ExportRequest): Promise<{ id: string }> {
  await checkExportRequest(deps, request);
  const { format, ...filter } = request;
  const at = deps.now().toISOString();
  const job: ExportJob = {
    id: newId(),
    ownerId: caller.id,
    caller: { ...caller, roles: [...caller.roles] },
    format,
    filter: Object.fromEntries(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string')),
    status: 'queued',
    rows: 0,
    attempt: 0,
    createdAt: at,
    updatedAt: at,
  };
  await insertJob(deps.db, job);
  deps.exports.start(job.id);
  return { id: job.id };
}

async function ownJob(deps: Deps, caller: Pick<Caller, 'id'>, id: string): Promise<ExportJob> {
  const job = /^[0-9A-Z]{26}$/.test(id) ? await readJob(deps.db, id) : undefined;
  if (!job || job.ownerId !== caller.id) throw notFound();
  return job;
}

export async function getExport(deps: ExportJobDeps, caller: Pick<Caller, 'id'>, id: string): Promise<ExportJobView> {
  return viewOf(deps, await ownJob(deps, caller, id));
}

export async function listExports(deps: ExportJobDeps, caller: Pick<Caller, 'id'>): Promise<ExportJobView[]> {
  return Promise.all((await listJobs(deps.db, caller.id)).map((job) => viewOf(deps, job)));
}

/** Cancel a job not yet finished; cancelling a finished one is a 409, and the job is unchanged. */
export async function cancelExport(deps: ExportJobDeps, caller: Pick<Caller, 'id'>, id: string): Promise<ExportJobView> {
  await ownJob(deps, caller, id);
  const stopped = await stopJob(deps.db, id, { status: 'cancelled', ownerId: caller.id }, deps.now());
  if (!stopped) throw new DomainError('version_conflict', { zh: '导出已结束，无法取消', en: 'The export has already finished' });
  return getExport(deps, caller, id);
}

/** Thrown into the export's pages when the run no longer owns its job: the stream ends, no file is kept. */
class LostClaim extends Error {}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
} as const;

/**
 * Run one job from the start: claim it, write its file, mark it done. Answers what became of
 * it: `skipped` when it could not be claimed (finished, cancelled, out of attempts, another
 * run has it). A run whose job is cancelled mid-way stops at its next progress write.
 */
export async function runExport(deps: RunDeps, id: string): Promise<ExportJobStatus | 'skipped'> {
  const job = await claimJob(deps.db, id, deps.now());
  if (!job) return 'skipped';
  const key = exportFileKey(job.id, job.attempt, job.format);
  const every = deps.progressEveryMs ?? 1000;
  let rows = 0;
  let last = 0;
  const onPage = async (count: number) => {
    // Progress is written before the page's rows: a cancel is seen within one page.
    if (every === 0 || Date.now() - last >= every) {
      last = Date.now();
      if (!(await reportProgress(deps.db, job, rows, deps.now()))) throw new LostClaim();
    }
    rows += count;
  };
  try {
    const download = await exportSubmissions(deps, job.caller as Caller, { format: job.format, ...job.filter } as ExportRequest, {
      pageSize: deps.pageSize ?? 100,
      view: deps.view,
      onPage,
    });
    const { size } = await deps.files.put(key, download.body, CONTENT_TYPES[job.format]);
    const file = { key, name: download.filename, contentType: download.contentType, size };
    if (await finishJob(deps.db, job, { status: 'done', rows, file }, deps.now())) return 'done';
    // Cancelled (or claimed again) while the last bytes went out: nothing may point at this file.
    await deps.files.remove(key).catch(() => {});
    return (await readJob(deps.db, id))?.status ?? 'skipped';
  } catch (error) {
    if (error instanceof LostClaim || (error as Error)?.cause instanceof LostClaim) return (await readJob(deps.db, id))?.status ?? 'skipped';
    // The stream may carry the cancel as its own error: whether the job is still ours decides.
    const lost = await reportProgress(deps.db, job, rows, deps.now()).then((own) => !own, () => false);
    if (lost) return (await readJob(deps.db, id))?.status ?? 'skipped';
    const code: FailureCode = error instanceof DomainError && error.code === 'unavailable' ? 'unavailable' : 'internal';
    console.error(JSON.stringify({ level: 'error', msg: 'export job failed', id, format: job.format, error: String((error as Error)?.stack ?? error) }));
    await finishJob(deps.db, job, { status: 'failed', error: code }, deps.now());
    return 'failed';
  }
}
