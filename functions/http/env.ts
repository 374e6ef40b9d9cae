/** The typed variables a request carries through the middleware. */
import type { Caller } from '../auth/scope.js';
import type { FileStore } from '../files/store.js';
import type { Deps } from '../service/submissions.js';

export type AppEnv = {
  Variables: {
    caller: Caller;
    /** How the caller authenticated: cookie-authenticated writes must pass the CSRF check. */
    authVia: 'bearer' | 'cookie';
    tokenHash: string;
  };
};

export type AppDeps = Deps & {
  /** Waits (injected so tests need not wait for a throttled sign-in). */
  sleep: (ms: number) => Promise<void>;
  /** Where attachment bytes live; from the environment (`FILES_BUCKET` → S3, else a folder) when absent. */
  files?: FileStore;
};
