/** Every key format of the single table, in one place (see table.ts for the indexes). */
import { SCOPE_DEPTHS, scopeIndexPartition } from './table.js';

export type Key = { pk: string; sk: string };

const META = 'META';

export const keys = {
  org: (id: string): Key => ({ pk: `ORG#${id}`, sk: META }),
  user: (id: string): Key => ({ pk: `USER#${id}`, sk: META }),
  session: (tokenHash: string): Key => ({ pk: `SESSION#${tokenHash}`, sk: META }),
  /**
   * Sign-in attempts counted for a name or a source address in one fixed window (`window` is
   * the window's number since the epoch, `windowSeconds` its length), so every window is its
   * own item and a count never needs resetting.
   */
  signInAttempts: (kind: 'name' | 'address', id: string, windowSeconds: number, window: number): Key => ({
    pk: `SIGNIN#${kind === 'name' ? 'NAME' : 'ADDR'}#${id}`,
    sk: `W${windowSeconds}#${window}`,
  }),
  submission: (id: string): Key => ({ pk: `SUB#${id}`, sk: META }),
  /** History events sort by sequence; 8 digits keep lexical and numeric order equal. */
  event: (submissionId: string, seq: number): Key => ({ pk: `SUB#${submissionId}`, sk: `EV#${String(seq).padStart(8, '0')}` }),
  eventPrefix: 'EV#',
  counter: (name: string, year: number): Key => ({ pk: `COUNTER#${name}#${year}`, sk: META }),
  /** Makes an issued number unique forever, even if a counter were ever reset. */
  issuedNumber: (number: string): Key => ({ pk: `NUMBER#${number}`, sk: META }),
  inbox: (assigneeKey: string, submissionId: string): Key => ({ pk: `INBOX#${assigneeKey}`, sk: `SUB#${submissionId}` }),
  inboxPartition: (assigneeKey: string) => `INBOX#${assigneeKey}`,
  /** A published form version (the declarations in forms/ are the built-in versions). */
  formVersion: (formId: string, version: number): Key => ({ pk: `FORM#${formId}`, sk: `V#${String(version).padStart(6, '0')}` }),
  formVersionsPartition: (formId: string) => `FORM#${formId}`,
  /** A published workflow version (the declarations in workflows/ are the built-in versions). */
  workflowVersion: (workflowId: string, version: number): Key => ({ pk: `WORKFLOW#${workflowId}`, sk: `V#${String(version).padStart(6, '0')}` }),
  workflowVersionsPartition: (workflowId: string) => `WORKFLOW#${workflowId}`,
  idempotency: (userId: string, key: string): Key => ({ pk: `IDEM#${userId}#${key}`, sk: META }),
  round: (id: string): Key => ({ pk: `ROUND#${id}`, sk: META }),
  /** An attachment's metadata; its bytes live in the file store (functions/files/). */
  attachment: (id: string): Key => ({ pk: `ATT#${id}`, sk: META }),
  /** When the checkpoint job last read every chain head (its other runs read only recent changes). */
  checkpointSweep: (): Key => ({ pk: 'CHECKPOINT#SWEEP', sk: META }),
  /** The admin's change log, one partition per month (Asia/Shanghai), sorted by time. */
  adminLog: (month: string, at: string, id: string): Key => ({ pk: `ADMINLOG#${month}`, sk: `${at}#${id}` }),
  adminLogPartition: (month: string) => `ADMINLOG#${month}`,
  /** An export job (store/export-jobs.ts); its file lives in the file store under `exports/`. */
  exportJob: (id: string): Key => ({ pk: `EXPORT#${id}`, sk: META }),
  /** A job not yet finished: what a runner that starts again looks for (one small partition). */
  activeExport: (id: string): Key => ({ pk: 'EXPORTS#ACTIVE', sk: id }),
  activeExportsPartition: 'EXPORTS#ACTIVE',
};

/**
 * Keys of the anonymous table (`Db.anonTable`, no stream): what members' codes touch. Every
 * id in them is random, so neither a key nor the order of keys says who or when.
 */
export const anonKeys = {
  /** A member one-time code, by the SHA-256 of its normalised text: the code itself is never stored. */
  code: (hash: string): Key => ({ pk: `CODE#${hash}`, sk: META }),
  /** One of a round's answer slots, made with its codes and filled by one answer. */
  answerSlot: (roundId: string, slotId: string): Key => ({ pk: `ANS#${roundId}`, sk: `S#${slotId}` }),
  answerSlotsPartition: (roundId: string) => `ANS#${roundId}`,
  /** A member's query, waiting to be released into the main table as a submission. */
  pendingQuery: (id: string): Key => ({ pk: 'QUERIES', sk: `Q#${id}` }),
  pendingQueriesPartition: 'QUERIES',
};

/** Listing attributes: organisations, users and a user's sessions in gsi1. */
export const listing = {
  orgs: () => ({ gsi1pk: 'ORGS' }),
  orgSort: (id: string) => ({ gsi1sk: id }),
  usersOf: (orgId: string) => ({ gsi1pk: `USERS#${orgId}` }),
  roundsOf: (orgId: string) => ({ gsi1pk: `ROUNDS#${orgId}` }),
  roundSort: (createdAt: string, id: string) => ({ gsi1sk: `${createdAt}#${id}` }),
  /** A user's sessions, so a change to the account can end them all. */
  sessionsOf: (userId: string) => ({ gsi1pk: `USERSESSIONS#${userId}` }),
  /** A person's export jobs, newest last in the index (`<createdAt>#<id>`). */
  exportsOf: (userId: string) => ({ gsi1pk: `EXPORTS#${userId}` }),
  exportSort: (createdAt: string, id: string) => ({ gsi1sk: `${createdAt}#${id}` }),
};

/**
 * The scope index attributes of a submission: one per organisation on its path, so a caller
 * whose scope root sits at depth d finds it in index `scope<d>`.
 */
export function scopeAttributes(orgPath: string[], createdAt: string, id: string): Record<string, string> {
  const attributes: Record<string, string> = { scopeSk: `${createdAt}#${id}` };
  orgPath.slice(0, SCOPE_DEPTHS).forEach((orgId, depth) => {
    attributes[scopeIndexPartition(depth)] = `SUBS#${orgId}`;
  });
  return attributes;
}
