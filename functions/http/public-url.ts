/**
 * The address members and browsers reach the app at, from configuration
 * (`UNIONFLOW_PUBLIC_URL`), never from a request: a Host header is whatever the client sent.
 * Absolute links (the code sheets' answer address) are built on it, and the session cookie is
 * Secure exactly when it is https.
 */

/** An http(s) origin with nothing after it, as `https://unionflow.example.cn`; throws otherwise. */
export function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`UNIONFLOW_PUBLIC_URL ${JSON.stringify(value)} is not an address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`UNIONFLOW_PUBLIC_URL must be http(s), not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error(`UNIONFLOW_PUBLIC_URL must be an origin only (scheme, host, port), not ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/**
 * `UNIONFLOW_PUBLIC_URL` from the environment; `fallback` when it is unset (only `npm start`
 * has one: its own local address). Without either, the app refuses to start.
 */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv = process.env, fallback?: string): string {
  const value = env.UNIONFLOW_PUBLIC_URL || fallback;
  if (!value) throw new Error('UNIONFLOW_PUBLIC_URL is not set: the https address members and browsers reach the app at');
  return parsePublicUrl(value);
}

export const isHttps = (publicUrl: string) => publicUrl.startsWith('https:');
