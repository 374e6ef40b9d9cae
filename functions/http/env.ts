/** The typed variables a request carries through the middleware. */
import type { Context } from 'hono';
import type { Caller } from '../auth/scope.js';
import type { FileStore } from '../files/store.js';
import type { ProofDeps } from '../records/checkpoints-job.js';
import type { ExportRunner } from '../service/export-jobs.js';
import type { Deps } from '../service/submissions.js';
import type { SignInLimits } from '../store/sign-in-attempts.js';

export type AppEnv = {
  Variables: {
    caller: Caller;
    /** How the caller authenticated: cookie-authenticated writes must pass the CSRF check. */
    authVia: 'bearer' | 'cookie';
    tokenHash: string;
  };
};

export type AppDeps = Deps &
  /** The signed checkpoints' log; from the environment (records/checkpoints-config.ts) when absent. */
  ProofDeps & {
  /**
   * The public origin members and browsers use (`UNIONFLOW_PUBLIC_URL`, see public-url.ts):
   * absolute links are built on it and the session cookie is Secure when it is https.
   */
  publicUrl: string;
  /** Where attachment bytes live; from the environment (`FILES_BUCKET` → S3, else a folder) when absent. */
  files?: FileStore;
  /** Where export jobs run and put their files; from the environment (service/export-runner.ts) when absent. */
  exports?: ExportRunner;
  /**
   * The address a request came from, as its connection says (see client-address.ts: the
   * socket on Node, the event's sourceIp on Lambda); undefined when unknown, and then sign-in
   * counts attempts per name only.
   */
  clientAddress?: (c: Context) => string | undefined;
  /** Checks a sign-in's password; argon2id (auth/passwords.ts) when absent. */
  verifyPassword?: (stored: string | undefined, password: string) => Promise<boolean>;
  /** Sign-in attempts allowed per name and per address; SIGN_IN_LIMITS (routes/session.ts) when absent. */
  signInLimits?: SignInLimits;
};
