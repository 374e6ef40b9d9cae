/** The scheduled Lambda: the jobs of functions/service/timers.ts, on an EventBridge schedule. */
import { runTimers } from '../service/timers.js';
import { dbFromEnv } from '../store/dynamo.js';

const deps = { db: dbFromEnv(), now: () => new Date() };

export const handler = async () => runTimers(deps);
