/**
 * Passwords: argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane). A name that does not
 * exist is checked against a fixed dummy hash, so a wrong name and a wrong password cost the
 * same time and get the same answer.
 */
import { hash, verify } from '@node-rs/argon2';

// `Algorithm` is a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID = 2 as const;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Check a password; `stored` undefined (no such user) still spends one full verification. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('unionflow-no-such-user-dummy');
  const target = stored ?? (await dummyHash);
  let ok = false;
  try {
    ok = await verify(target, password);
  } catch {
    ok = false; // a malformed stored hash is a failed login, never a 500
  }
  return stored !== undefined && ok;
}
