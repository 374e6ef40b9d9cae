/**
 * Cold start of each Lambda handler (`npx tsx bench/coldstart.ts`). Prints numbers; asserts
 * nothing.
 *
 * Each handler is bundled as infra/stack.ts bundles it (its HANDLER_BUNDLING options and define, argon2
 * and the separate packages left out, each separate package bundled beside the api handler by
 * the stack's own command), beside a floor: a bundle of Hono and Zod alone. Each bundle is then
 * imported by a fresh `node` process BENCH_RUNS times (default 15), with and without
 * `--enable-source-maps` (the stack sets it), and the time from before the import to after it
 * is taken inside that process; the runs of all bundles take turns, so a busy machine slows
 * each of them alike. Reported: the handler's bundle size (the separate packages, loaded only
 * by the routes that use them, are listed apart), the median and the slowest import on the
 * clock, and the median CPU time of the import (steadier than the clock on a busy machine).
 * Lambda's own start (the runtime, the first request) comes on top and is not measured here.
 *
 * Everything it writes goes to a temporary folder under node_modules/.cache, which it removes.
 */
import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLING, handlerDefine, NATIVE_MODULES, repoRoot, SEPARATE_PACKAGES, separatePackageCommand } from '../infra/stack.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = repoRoot();
// Inside node_modules, so the bundles find the one package left out of them (argon2), as in Lambda.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'unionflow-coldstart-'));

/**
 * `entry`: a file, or the source of a module resolved from the repository's root; `separate`:
 * the packages left out of it and bundled beside it, as the stack does for the api handler.
 */
async function bundle(name: string, entry: { file: string } | { source: string }, separate: string[] = []): Promise<string> {
  const outfile = join(dir, name, 'index.mjs');
  const { format, target, mainFields, banner, minify, sourceMap, sourcesContent } = HANDLER_BUNDLING;
  await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: root, loader: 'js' as const } }),
    outfile,
    bundle: true,
    platform: 'node',
    format,
    target,
    mainFields,
    banner: { js: banner },
    minify,
    sourcemap: sourceMap,
    sourcesContent,
    define: handlerDefine(),
    external: [...NATIVE_MODULES, ...separate],
    logLevel: 'silent',
  });
  for (const name of separate) execSync(separatePackageCommand(name, dirname(outfile)), { cwd: root, stdio: 'inherit' });
  return outfile;
}

/**
 * One fresh process importing the bundle: the milliseconds the import took, as it measured
 * them, on the clock and in CPU time (user + system, every thread of the process). On a shared
 * machine the clock also counts waiting for a core; the CPU time does not.
 */
function importOnce(file: string, sourceMaps: boolean): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(file)}); const wall = performance.now() - t; const u = process.cpuUsage(c); console.log(wall, (u.user + u.system) / 1000);`;
  const run = spawnSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script], {
    encoding: 'utf8',
    // The handlers read their configuration when imported; none of it is contacted.
    env: { ...process.env, TABLE_NAME: 'bench', UNIONFLOW_PUBLIC_URL: 'https://unionflow.example.cn', AWS_REGION: 'ap-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.slice(0, 400)}`);
  const [wall, cpu] = run.stdout.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  try {
    const floor = "import { Hono } from 'hono'; import * as z from 'zod'; export const app = new Hono(); export const schema = z.object({ a: z.string() });";
    const bundles = [
      { name: 'api', file: await bundle('api', { file: join(root, 'functions/handlers/api.ts') }, SEPARATE_PACKAGES) },
      { name: 'timers', file: await bundle('timers', { file: join(root, 'functions/handlers/timers.ts') }) },
      { name: 'Hono + Zod (floor)', file: await bundle('floor', { source: floor }) },
    ].map((b) => ({ ...b, plain: [] as { wall: number; cpu: number }[], mapped: [] as { wall: number; cpu: number }[] }));
    for (let run = 0; run < RUNS; run++) {
      for (const b of bundles) {
        b.plain.push(importOnce(b.file, false));
        b.mapped.push(importOnce(b.file, true));
      }
    }
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    const show = (runs: { wall: number; cpu: number }[]) => {
      const wall = runs.map((r) => r.wall);
      return `${median(wall).toFixed(0)} ms / ${Math.max(...wall).toFixed(0)} ms | ${median(runs.map((r) => r.cpu)).toFixed(0)} ms`;
    };
    console.log(`Import time of each handler's bundle, ${RUNS} fresh processes each (clock: median / slowest; CPU: median)\n`);
    console.log('| bundle | size | source map | import | CPU | import, --enable-source-maps | CPU, --enable-source-maps |');
    console.log('|---|---|---|---|---|---|---|');
    for (const { name, file, plain, mapped } of bundles) {
      console.log(`| ${name} | ${mb(statSync(file).size)} | ${mb(statSync(`${file}.map`).size)} | ${show(plain)} | ${show(mapped)} |`);
    }
    for (const name of SEPARATE_PACKAGES) {
      const file = join(dirname(bundles[0].file), 'node_modules', name, 'index.js');
      console.log(`\nBeside api, loaded only by the routes that import it: ${name} ${mb(statSync(file).size)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
