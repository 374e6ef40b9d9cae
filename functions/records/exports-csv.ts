/**
 * CSV and JSON Lines downloads as web streams, fed row by row from the pages of a listing. Node
 * streams carry the backpressure end to end: a slow client pauses the stringifier, which
 * pauses the generator, which stops asking DynamoDB for the next page. Memory stays at about
 * one page however many rows there are.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { isMoney, yuan, type Cell } from './exports-columns.js';

/**
 * A cell a spreadsheet would read as a formula (or whose leading tab or carriage return some
 * spreadsheets strip before doing so) is prefixed with `'`, OWASP's advice for CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Only text is neutralised. Numbers and money are written by us from JS numbers (`-2`,
 * `-1.50`): they are values, never formulas, and a prefix would turn them into text. Anything
 * a person typed, a negative amount in a text field included, is text and is neutralised.
 */
export function csvText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (isMoney(cell)) return yuan(cell.fen);
  return neutralise(cell);
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

/** UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF between records (RFC 4180). */
export function csvBody(header: string[], pages: AsyncIterable<Cell[][]>): ReadableStream<Uint8Array> {
  async function* records() {
    yield header.map(neutralise);
    for await (const page of pages) for (const row of page) yield row.map(csvText);
  }
  const out = stringify({ bom: true, record_delimiter: 'windows' });
  pipeline(Readable.from(records()), out, logFailure('csv'));
  return toWeb(out);
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
