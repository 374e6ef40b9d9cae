/**
 * Where a request came from, for counting sign-in attempts per address: what the connection
 * itself says, never a header a client can write. On Node, the socket's remote address; on
 * Lambda, the sourceIp API Gateway puts in the event. `X-Forwarded-For` is read only when
 * configured, for a Node server behind a reverse proxy that appends the client's address.
 */
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getConnInfo as lambdaConnInfo } from 'hono/aws-lambda';

/**
 * The Node server's peer. With `trustForwardedFor`, the last `X-Forwarded-For` entry instead:
 * the one the proxy in front appended (earlier entries are the client's own word).
 */
export function nodeClientAddress(options: { trustForwardedFor?: boolean } = {}): (c: Context) => string | undefined {
  return (c) => {
    if (options.trustForwardedFor) {
      const last = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
      if (last) return last;
    }
    return nodeConnInfo(c).remote.address;
  };
}

/**
 * The event's sourceIp (HTTP API: requestContext.http.sourceIp; REST API: identity.sourceIp).
 * Hono's helper falls back to X-Forwarded-For when neither is there; that fallback is not taken.
 */
export function lambdaClientAddress(c: Context): string | undefined {
  const context = (c.env as { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } } | undefined)?.requestContext;
  if (!context?.http?.sourceIp && !context?.identity?.sourceIp) return undefined;
  return lambdaConnInfo(c).remote.address;
}
