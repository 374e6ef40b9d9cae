/**
 * CSV and JSON Lines downloads as web streams, fed row by row from the pages of a listing. Node
 * streams carry the backpressure end to end: a slow client pauses the stringifier, which
 * pauses the generator, which stops asking DynamoDB for the next page. Memory stays at about
 * one page however many rows there are.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { cellText, type Cell } from './exports-columns.js';

/**
 * A line a spreadsheet would read as a formula (or whose leading tab or carriage return some
 * spreadsheets strip before doing so) is prefixed with `'`, OWASP's advice for CSV injection.
 * Every line of a cell counts, not only the first: a reader that splits a cell at its line
 * breaks, or takes a break for the end of a record, sees each line as a cell of its own.
 * A line starts at the start of the text and after every CR or LF.
 */
const FORMULA_LINE = /(?<=^|[\r\n])(?=[=+\-@\t\r])/g;

export function neutralise(text: string): string {
  return text.replace(FORMULA_LINE, "'");
}

/**
 * Only text is neutralised. Numbers and money are written by us from JS numbers (`-2`,
 * `-1.50`): they are values, never formulas, and a prefix would turn them into text. Anything
 * a person typed, a negative amount in a text field included, is text and is neutralised.
 */
export function csvText(cell: Cell): string {
  return typeof cell === 'string' ? neutralise(cell) : cellText(cell);
}

/** Pipe errors end the download mid-way: the client sees a broken transfer, never a file that looks complete. */
function logFailure(what: string) {
  return (error: NodeJS.ErrnoException | null) => {
    // The client went away: nothing failed, and the pages stopped being read.
    if (!error || error.name === 'AbortError' || error.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    console.error(JSON.stringify({ level: 'error', msg: `${what} export failed mid-stream`, error: String(error.stack ?? error) }));
  };
}

const toWeb = (stream: Readable) => Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;

/**
 * UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF between records (RFC 4180), and
 * every cell holding a CR or an LF quoted. Once a record delimiter is set, csv-stringify only
 * quotes cells holding that delimiter itself, but spreadsheets end a record at a lone CR or LF
 * too: unquoted, the rest of such a cell would start a row of its own.
 */
const CSV_OPTIONS: Options = { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ };

/** A streamed download: the header, then every row of every page. */
export function csvBody(header: string[], pages: AsyncIterable<Cell[][]>): ReadableStream<Uint8Array> {
  async function* records() {
    yield header.map(csvText);
    for await (const page of pages) for (const row of page) yield row.map(csvText);
  }
  const out = stringify(CSV_OPTIONS);
  pipeline(Readable.from(records()), out, logFailure('csv'));
  return toWeb(out);
}

/** A small CSV in one string, by the same rules as {@link csvBody}. */
export function csvString(header: string[], rows: Cell[][]): string {
  return stringifySync([header, ...rows].map((row) => row.map(csvText)), CSV_OPTIONS);
}

/** One JSON object per line, a page per chunk. */
export function jsonlBody(pages: AsyncIterable<Record<string, unknown>[]>): ReadableStream<Uint8Array> {
  async function* lines() {
    for await (const page of pages) yield Buffer.from(page.map((item) => `${JSON.stringify(item)}\n`).join(''), 'utf8');
  }
  const out = Readable.from(lines(), { objectMode: false });
  out.on('error', logFailure('jsonl'));
  return toWeb(out);
}
