/** The API Lambda: the shared Hono app behind API Gateway's HTTP API (payload 2.0). */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../http/app.js';
import { lambdaClientAddress } from '../http/client-address.js';
import { publicUrlFromEnv } from '../http/public-url.js';
import { dbFromEnv } from '../store/dynamo.js';

const app = createApp({
  db: dbFromEnv(),
  now: () => new Date(),
  // Required in AWS: there is no local address to fall back to.
  publicUrl: publicUrlFromEnv(),
  clientAddress: lambdaClientAddress,
});

export const handler = handle(app);
