/**
 * Signed checkpoints of the chain heads (docs/records.md). A checkpoint is
 * `{seq, at, previous, heads: {submissionId: {seq, hash}}, keyId, mac}`: `previous` is the
 * hash of the checkpoint before it (64 zeros for the first), so the checkpoints form a chain of
 * their own, and `mac` is a MAC over the SHA-256 of the canonical JSON of everything else.
 * Checkpoints live outside the table (an append-only folder, an S3 bucket under Object Lock),
 * so someone who can write the table can neither undo a checkpoint nor sign a new one.
 *
 * Each checkpoint carries only the heads that moved since the one before; folding them in
 * order gives every record's latest checkpointed head, and every head hash ever signed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson, GENESIS_HASH, type ChainHead, type CheckpointedHead } from './chain.js';

const HEX64 = /^[0-9a-f]{64}$/;

export const checkpointSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  previous: z.string().regex(HEX64),
  heads: z.record(z.string(), z.object({ seq: z.number().int().positive(), hash: z.string().regex(HEX64) })),
  keyId: z.string(),
  mac: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;
export type CheckpointBody = Omit<Checkpoint, 'mac'>;

/** What signs checkpoints: HMAC-SHA-256 with a configured key locally, KMS GenerateMac in AWS. */
export interface Signer {
  /** Named in each checkpoint, so a verifier knows which key to ask for. */
  readonly keyId: string;
  mac(digest: Buffer): Promise<string>;
  verify(digest: Buffer, mac: string): Promise<boolean>;
}

/**
 * What is signed: the SHA-256 of the canonical body. A digest, not the body, because KMS
 * takes at most 4 KB of message and a checkpoint's heads can be far larger.
 */
export function checkpointDigest(body: CheckpointBody): Buffer {
  const { seq, at, previous, heads, keyId } = body;
  return createHash('sha256').update(canonicalJson({ seq, at, previous, heads, keyId }), 'utf8').digest();
}

/** A checkpoint's own hash, which the next one names as `previous`. */
export function checkpointHash(checkpoint: Checkpoint): string {
  return createHash('sha256').update(canonicalJson(checkpoint), 'utf8').digest('hex');
}

export async function signCheckpoint(signer: Signer, body: Omit<CheckpointBody, 'keyId'>): Promise<Checkpoint> {
  const full = { ...body, keyId: signer.keyId };
  return { ...full, mac: await signer.mac(checkpointDigest(full)) };
}

/** HMAC-SHA-256 with a secret key: the local signer, and the offline verifier's. */
export function hmacSigner(key: Buffer | string, keyId = 'hmac-sha256'): Signer {
  const secret = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (secret.length < 16) throw new Error('a checkpoint key needs at least 16 bytes');
  const mac = (digest: Buffer) => createHmac('sha256', secret).update(digest).digest('hex');
  return {
    keyId,
    mac: async (digest) => mac(digest),
    verify: async (digest, given) => {
      const expected = Buffer.from(mac(digest), 'hex');
      const actual = Buffer.from(given, 'hex');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

export type CheckpointProblemReason = 'malformed' | 'missing' | 'sequence' | 'link' | 'mac';

/** The first checkpoint that does not hold; nothing from it on is trusted. */
export type CheckpointProblem = { checkpoint: number; reason: CheckpointProblemReason };

/** What the checkpoints say, folded in order. */
export type Ledger = {
  /** The last checkpoint trusted: its seq, time and hash (the next one's `previous`). */
  latest?: { seq: number; at: string; hash: string };
  /** Each record's head in the latest checkpoint covering it. */
  heads: Map<string, CheckpointedHead>;
  /** Every head hash ever signed, with the first checkpoint that signed it. */
  signed: Map<string, { checkpoint: number; at: string }>;
  problem?: CheckpointProblem;
};

export const emptyLedger = (): Ledger => ({ heads: new Map(), signed: new Map() });

/**
 * Fold checkpoints, in the order of their sequence numbers, into `ledger` (changed in place).
 * Each must parse, stand at its number, name the previous one's hash and carry a MAC the
 * signer accepts; the first that does not is the ledger's problem, and folding stops there:
 * a forged or replaced checkpoint can neither add heads nor hide the ones after it.
 */
export async function foldCheckpoints(
  ledger: Ledger,
  files: Iterable<{ seq: number; text: string | undefined }>,
  signer: Pick<Signer, 'verify'>,
): Promise<Ledger> {
  for (const file of files) {
    if (ledger.problem) break;
    const expected = (ledger.latest?.seq ?? 0) + 1;
    if (file.seq !== expected || file.text === undefined) {
      ledger.problem = { checkpoint: expected, reason: 'missing' };
      break;
    }
    let parsed: Checkpoint;
    try {
      parsed = checkpointSchema.parse(JSON.parse(file.text));
    } catch {
      ledger.problem = { checkpoint: file.seq, reason: 'malformed' };
      break;
    }
    if (parsed.seq !== file.seq) ledger.problem = { checkpoint: file.seq, reason: 'sequence' };
    else if (parsed.previous !== (ledger.latest?.hash ?? GENESIS_HASH)) ledger.problem = { checkpoint: file.seq, reason: 'link' };
    else if (!(await signer.verify(checkpointDigest(parsed), parsed.mac))) ledger.problem = { checkpoint: file.seq, reason: 'mac' };
    if (ledger.problem) break;
    for (const [id, head] of Object.entries(parsed.heads)) {
      ledger.heads.set(id, { ...head, checkpoint: parsed.seq, at: parsed.at });
      if (!ledger.signed.has(head.hash)) ledger.signed.set(head.hash, { checkpoint: parsed.seq, at: parsed.at });
    }
    ledger.latest = { seq: parsed.seq, at: parsed.at, hash: checkpointHash(parsed) };
  }
  return ledger;
}

/** The heads a new checkpoint should carry: those that moved since the ledger's. */
export function movedHeads(ledger: Ledger, current: Iterable<[string, ChainHead]>): Map<string, ChainHead> {
  const moved = new Map<string, ChainHead>();
  for (const [id, head] of current) {
    const known = ledger.heads.get(id);
    if (head.seq > 0 && (!known || known.seq !== head.seq || known.hash !== head.hash)) moved.set(id, head);
  }
  return moved;
}
