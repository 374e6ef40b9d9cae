/**
 * `npx unionflow-verify <export.jsonl> [--checkpoints <dir> --key <file>]`: re-verifies every
 * record of a JSON Lines export (`{submission, events}` a line, events exactly as stored) with
 * no server and no database, by the same `verifyRecord` the server uses. With checkpoints it
 * also verifies each checkpoint's MAC and link with the key, and each record's chain against
 * the latest checkpoint covering it. Says which records fail, at which event, and why; exits 1
 * on any failure, 2 when it cannot run.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { verifyRecord, type HistoryEvent, type RecordVerification } from './chain.js';
import { CheckpointLog, folderSink } from './checkpoints-log.js';
import { hmacSigner, type Ledger } from './checkpoints.js';

const USAGE = `用法 / usage:
  unionflow-verify <export.jsonl> [--checkpoints <dir> --key <file>]`;

type Out = { out: (text: string) => void; err: (text: string) => void };
const std: Out = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

type Args = { file: string; checkpoints?: string; key?: string };

function parseArgs(args: string[]): Args | undefined {
  const rest: string[] = [];
  const named: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--checkpoints' || args[i] === '--key') {
      if (args[i + 1] === undefined) return undefined;
      named[args[i].slice(2)] = args[++i];
    } else if (args[i].startsWith('-')) return undefined;
    else rest.push(args[i]);
  }
  if (rest.length !== 1 || Boolean(named.checkpoints) !== Boolean(named.key)) return undefined;
  return { file: rest[0], checkpoints: named.checkpoints, key: named.key };
}

/** Why a record fails, in words, or undefined when it verifies. */
export function describeFailure(v: RecordVerification): string | undefined {
  if (v.ok) return undefined;
  const parts: string[] = [];
  if (!v.integrity.ok) parts.push(`integrity: event #${v.integrity.firstBadSeq}: ${v.integrity.reason}`);
  if (!v.completeness.ok) parts.push(`completeness: from event #${v.completeness.firstBadSeq}: ${v.completeness.reason}`);
  return parts.join('; ');
}

type Line = { submission: { id: string; number?: string; seq: number; lastHash: string }; events: HistoryEvent[] };

function parseLine(text: string): Line | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const v = value as Partial<Line>;
  const s = v?.submission;
  if (!s || typeof s.id !== 'string' || typeof s.seq !== 'number' || typeof s.lastHash !== 'string') return 'no submission {id, seq, lastHash}';
  if (!Array.isArray(v.events) || v.events.some((e) => typeof e !== 'object' || e === null)) return 'no events array';
  return v as Line;
}

export async function main(argv: string[], io: Out = std): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let ledger: Ledger | undefined;
  let failed = 0;
  if (args.checkpoints && args.key) {
    let key: string;
    try {
      key = (await readFile(args.key, 'utf8')).trim();
      ledger = await new CheckpointLog(folderSink(args.checkpoints), hmacSigner(key)).current();
    } catch (error) {
      io.err(`无法读取检查点或密钥 / cannot read the checkpoints or the key: ${(error as Error).message}\n`);
      return 2;
    }
    if (ledger.problem) {
      failed++;
      io.out(`FAIL checkpoint #${ledger.problem.checkpoint}: ${ledger.problem.reason} (nothing from it on is trusted)\n`);
    }
    io.out(`checkpoints: ${ledger.latest?.seq ?? 0} verified\n`);
  }
  let records = 0;
  let lineNo = 0;
  try {
    // One line at a time: memory stays flat whatever the export's size.
    const lines = createInterface({ input: createReadStream(args.file, 'utf8'), crlfDelay: Infinity });
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      records++;
      const line = parseLine(text);
      if (typeof line === 'string') {
        failed++;
        io.out(`FAIL line ${lineNo}: ${line}\n`);
        continue;
      }
      const { submission: s, events } = line;
      const v = verifyRecord(events, { seq: s.seq, hash: s.lastHash }, ledger?.heads.get(s.id));
      const why = describeFailure(v);
      if (why) {
        failed++;
        io.out(`FAIL ${s.id}${s.number ? ` (${s.number})` : ''}: ${why}\n`);
      }
    }
  } catch (error) {
    io.err(`无法读取导出文件 / cannot read the export: ${(error as Error).message}\n`);
    return 2;
  }
  io.out(`${records} records, ${failed === 0 ? 'all verified' : `${failed} failed`}${ledger ? ', checked against the checkpoints' : ''}\n`);
  return failed === 0 ? 0 : 1;
}
