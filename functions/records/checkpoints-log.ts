/**
 * Where checkpoints are kept, and the log that reads and appends them. A sink only ever
 * creates: a checkpoint that exists is never written again (`wx` on a folder, `If-None-Match`
 * plus Object Lock on S3), so two jobs racing for the same number leave one winner.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChainHead } from './chain.js';
import { emptyLedger, foldCheckpoints, signCheckpoint, type Checkpoint, type Ledger, type Signer } from './checkpoints.js';
import { GENESIS_HASH } from './chain.js';

export interface CheckpointSink {
  /** The numbers of the stored checkpoints above `after`, ascending. */
  seqs(after: number): Promise<number[]>;
  read(seq: number): Promise<string | undefined>;
  /** Create checkpoint `seq`; false when it already exists (another job won the number). */
  create(seq: number, text: string): Promise<boolean>;
}

const FILE = /^checkpoint-(\d{8})\.json$/;
export const checkpointFileName = (seq: number) => `checkpoint-${String(seq).padStart(8, '0')}.json`;

/** An append-only folder: one file per checkpoint, created once and left read-only. */
export function folderSink(dir: string): CheckpointSink {
  return {
    async seqs(after) {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
      return names.flatMap((n) => (FILE.exec(n) ? [Number(FILE.exec(n)![1])] : [])).filter((s) => s > after).sort((a, b) => a - b);
    },
    async read(seq) {
      return readFile(join(dir, checkpointFileName(seq)), 'utf8').catch((error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' ? undefined : Promise.reject(error),
      );
    },
    async create(seq, text) {
      await mkdir(dir, { recursive: true });
      try {
        await writeFile(join(dir, checkpointFileName(seq)), text, { flag: 'wx', mode: 0o444 });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
  };
}

/**
 * The checkpoints as a ledger, read once and then only what was added since (checkpoints never
 * change, so a warm process keeps what it has verified), and the way to append the next one.
 */
export class CheckpointLog {
  private ledger: Ledger = emptyLedger();
  private reading?: Promise<Ledger>;
  private readAt = -Infinity;

  /**
   * `refreshMs`: how long a read of the store stands before the next request looks for new
   * checkpoints (0, the default, looks every time). In AWS every look is an S3 List, and the
   * public proof page needs no session, so the API looks at most every so often.
   */
  constructor(readonly sink: CheckpointSink, readonly signer: Signer, private readonly refreshMs = 0, private readonly clock = () => Date.now()) {}

  /** The ledger up to the newest checkpoint stored. One read at a time: folding changes it in place. */
  current(): Promise<Ledger> {
    if (!this.reading && this.refreshMs > 0 && this.clock() - this.readAt < this.refreshMs) return Promise.resolve(this.ledger);
    this.reading ??= this.refresh()
      .then((ledger) => ((this.readAt = this.clock()), ledger))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async refresh(): Promise<Ledger> {
    if (this.ledger.problem) return this.ledger;
    const seqs = await this.sink.seqs(this.ledger.latest?.seq ?? 0);
    const files = await Promise.all(seqs.map(async (seq) => ({ seq, text: await this.sink.read(seq) })));
    return foldCheckpoints(this.ledger, files, this.signer);
  }

  /**
   * Sign and store the next checkpoint with these heads; undefined when another job stored
   * that number first (its heads are then read on the next run, and these checkpointed then).
   */
  async append(heads: ReadonlyMap<string, ChainHead>, at: string): Promise<Checkpoint | undefined> {
    this.readAt = -Infinity;
    const ledger = await this.current();
    if (ledger.problem) throw new Error(`checkpoint ${ledger.problem.checkpoint} does not verify (${ledger.problem.reason})`);
    const seq = (ledger.latest?.seq ?? 0) + 1;
    const checkpoint = await signCheckpoint(this.signer, {
      seq,
      at,
      previous: ledger.latest?.hash ?? GENESIS_HASH,
      heads: Object.fromEntries([...heads].map(([id, h]) => [id, { seq: h.seq, hash: h.hash }])),
    });
    if (!(await this.sink.create(seq, `${JSON.stringify(checkpoint, null, 1)}\n`))) return undefined;
    this.readAt = -Infinity;
    await this.current();
    return checkpoint;
  }
}
