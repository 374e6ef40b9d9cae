/**
 * Downloads of submissions (API.md, "Downloads"): every submission in the caller's scope that
 * matches the filter, read page by page through the same listing the API pages through (so
 * the scope rule lives in one place), and written as CSV, XLSX or JSON Lines while it is read.
 *
 * The first page is read before the response starts: a refused filter or a database that does
 * not answer is still an ordinary error status. After that, a failure can only break the
 * transfer, which the client sees as a failed download rather than a short file.
 */
import type { Caller } from '../auth/scope.js';
import { formAt, isKnownForm, versionsOf } from '../service/forms.js';
import type { Deps } from '../service/submissions.js';
import { validationFailed } from '../store/errors.js';
import type { Db } from '../store/dynamo.js';
import { listSubmissions, type ListFilter } from '../store/listing.js';
import { readHistory, type Submission } from '../store/submissions.js';
import type { CompiledForm } from '../../forms/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { columnsFor } from './exports-columns.js';
import { csvBody, jsonlBody } from './exports-csv.js';
import { xlsxBody } from './exports-xlsx.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportRequest = { format: ExportFormat } & ListFilter;

export type ExportOptions = {
  /** Submissions per listing page: what the export holds in memory at once. */
  pageSize: number;
  /** The submission as the API shows it, for JSON Lines. */
  view: (sub: Submission) => Record<string, unknown>;
  /**
   * Called with each page's row count as it is read, before its rows are written; a throw
   * ends the export there (a cancelled job, a lost claim), as a failed stream.
   */
  onPage?: (rows: number) => Promise<void>;
};

export type Download = {
  /** Chinese first (`建会申请-20261125.csv`), and an ASCII one for clients that cannot read it. */
  filename: string;
  asciiFilename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

const noSuchForm = () => validationFailed([{ path: 'formId', message: { zh: '没有这个表单', en: 'No such form' } }]);
const formNeeded = () =>
  validationFailed([{ path: 'formId', message: { zh: '导出 CSV 或 Excel 须指定表单', en: 'A CSV or Excel download needs a formId' } }]);

/** Every listing page in scope, one query round at a time; an empty page with a cursor is skipped, not an end. */
export async function* submissionPages(db: Db, caller: Pick<Caller, 'scope'>, filter: ListFilter, pageSize: number): AsyncGenerator<Submission[]> {
  let cursor: string | undefined;
  do {
    const page = await listSubmissions(db, caller.scope, filter, pageSize, cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The pages, with the first already read: its errors happen here, before any byte is sent. */
async function started<T>(pages: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await pages.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* pages;
  })();
}

/**
 * The next item of `source` is asked for as soon as the current one is handed on, so reading
 * page k+1 from DynamoDB overlaps writing page k: the database and the writer work at once
 * instead of in turn. At most one item waits ahead, so memory stays at about two pages.
 * A failure of the item read ahead is raised when the consumer reaches it, and a consumer
 * that stops early ends the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  // Awaited on the next turn; until then a rejection must not count as unhandled.
  pending.catch(() => {});
  try {
    for (;;) {
      const current = await pending;
      if (current.done) return;
      pending = iterator.next();
      pending.catch(() => {});
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* mapPages<T, U>(pages: AsyncIterable<T[]>, each: (item: T) => U | Promise<U>, concurrency = 1): AsyncGenerator<U[]> {
  for await (const page of pages) {
    const out: U[] = [];
    for (let i = 0; i < page.length; i += concurrency) out.push(...(await Promise.all(page.slice(i, i + concurrency).map(each))));
    yield out;
  }
}

async function* counted<T>(pages: AsyncIterable<T[]>, onPage: ExportOptions['onPage']): AsyncGenerator<T[]> {
  for await (const page of pages) {
    await onPage?.(page.length);
    yield page;
  }
}

/** History reads in flight at once for JSON Lines: one Query per submission, a page at a time. */
const HISTORY_READS = 16;

/** Every version of a form, built-in and published: the columns cover them all. */
async function allVersions(deps: Deps, formId: string): Promise<CompiledForm[]> {
  const summaries = await versionsOf(deps, formId);
  const forms = await Promise.all(summaries.map((s) => formAt(deps, formId, s.version)));
  return forms.filter((f): f is CompiledForm => f !== undefined);
}

/** Characters no file system or header wants in a name. */
const safeName = (text: string) => text.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim();

/** The form versions a request covers (none for JSON Lines of every form); refuses a request no export can serve. */
export async function checkExportRequest(deps: Deps, request: ExportRequest): Promise<CompiledForm[] | undefined> {
  const { format, formId } = request;
  if (format !== 'jsonl' && !formId) throw formNeeded();
  const versions = formId ? (isKnownForm(formId) ? await allVersions(deps, formId) : []) : undefined;
  if (versions?.length === 0) throw noSuchForm();
  return versions;
}

export async function exportSubmissions(deps: Deps, caller: Caller, request: ExportRequest, options: ExportOptions): Promise<Download> {
  const { format, ...filter } = request;
  const versions = await checkExportRequest(deps, request);
  const newest = versions?.reduce((a, b) => (b.decl.version > a.decl.version ? b : a));

  const pages = counted(await started(readAhead(submissionPages(deps.db, caller, filter, options.pageSize))), options.onPage);
  const title = newest?.decl.title.zh ?? '填报记录';
  const day = shanghaiDate(deps.now()).replaceAll('-', '');
  const base = {
    filename: `${safeName(title) || '填报记录'}-${day}.${format}`,
    asciiFilename: `${filter.formId ?? 'submissions'}-${day}.${format}`,
    contentType: CONTENT_TYPES[format],
  };

  if (format === 'jsonl') {
    // One complete record a line (docs/API.md, "JSON Lines"): the submission as the API shows
    // it, and its history exactly as stored, so the hash chain can be re-checked offline.
    // `lastHash` is part of the API's view today; named here so the download keeps it regardless.
    const record = async (sub: Submission) => ({ submission: { ...options.view(sub), lastHash: sub.lastHash }, events: await readHistory(deps.db, sub.id) });
    // The next page's histories are read while this page's lines are written.
    return { ...base, body: jsonlBody(readAhead(mapPages(pages, record, HISTORY_READS))) };
  }
  const { columns, row, groups, groupRows } = columnsFor(versions!);
  const body =
    format === 'csv'
      ? csvBody(columns.map((c) => c.header), mapPages(pages, row))
      : xlsxBody(title, columns, mapPages(pages, (sub) => ({ cells: row(sub), groups: groupRows(sub) })), groups);
  return { ...base, body };
}
