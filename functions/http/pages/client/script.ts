/**
 * The page script as the app serves it at `/assets/app.js?v=<hash>` (`script-src 'self'`).
 * In the Lambda bundle its text is embedded when the bundle is built (`infra/stack.ts` defines
 * `process.env.UNIONFLOW_APP_JS_B64` as the built text in base64), so no build tool is needed there. Run from
 * source (`npm start`, vitest) it is built with esbuild on first use (`build.ts`), once per
 * process; the import is by a computed name so bundling the app never pulls esbuild in.
 */
import { createHash } from 'node:crypto';

export type AppScript = { text: string; href: string };

let built: Promise<AppScript> | undefined;

const scriptOf = (text: string): AppScript => ({
  text,
  href: `/assets/app.js?v=${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 12)}`,
});

export function appScript(): Promise<AppScript> {
  built ??= (async () => {
    const embedded = process.env.UNIONFLOW_APP_JS_B64;
    if (embedded) return scriptOf(Buffer.from(embedded, 'base64').toString('utf8'));
    const builder = './build.js';
    const { buildAppScript } = (await import(/* @vite-ignore */ builder)) as typeof import('./build.js');
    return scriptOf(buildAppScript());
  })();
  return built;
}
