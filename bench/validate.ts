/**
 * Benchmark of form validation (`npx tsx bench/validate.ts`).
 *
 * For the union-registration and home-assessment forms, on valid and on invalid data, how many
 * validateDraft, validateSubmit and computed calls run per second, and how many compileForm
 * calls of the six built-in declarations. `BENCH_BASELINE=<path to another checkout>` imports
 * that checkout's forms/registry.ts and forms/compile.ts beside this one's and measures both
 * in the same run, on the same data, in alternating rounds, printed side by side.
 * `BENCH_MS` (default 400) is the time per case and round; `BENCH_ROUNDS` (default 3) the rounds.
 *
 * Prints numbers; asserts nothing.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const MS = Math.max(Number.parseInt(process.env.BENCH_MS ?? '400', 10) || 400, 20);
const ROUNDS = Math.max(Number.parseInt(process.env.BENCH_ROUNDS ?? '3', 10) || 3, 1);
const TODAY = '2025-06-01';

type Result = { ok: boolean };
type Form = {
  validateDraft(data: unknown): Result;
  validateSubmit(data: unknown, today: string): Result;
  computed(data: Record<string, unknown>): Record<string, unknown>;
  example(today: string): Record<string, unknown>;
};
type Checkout = {
  name: string;
  getForm(id: string): Form | undefined;
  compileForm(decl: unknown): Form;
  declarations: readonly unknown[];
};

async function load(name: string, root: string): Promise<Checkout> {
  const url = (p: string) => pathToFileURL(join(root, p)).href;
  const registry = (await import(url('forms/registry.ts'))) as { getForm: Checkout['getForm']; DECLARATIONS: readonly unknown[] };
  const compile = (await import(url('forms/compile.ts'))) as { compileForm: Checkout['compileForm'] };
  return { name, getForm: registry.getForm, compileForm: compile.compileForm, declarations: registry.DECLARATIONS };
}

const here = await load('current', resolve(import.meta.dirname, '..'));
const base = process.env.BENCH_BASELINE ? await load('baseline', resolve(process.env.BENCH_BASELINE)) : undefined;
const checkouts = base ? [here, base] : [here];

// ---------------------------------------------------------------- the data, made once

const { creditCodeCheckChar } = (await import('../forms/validators.js')) as { creditCodeCheckChar: (s: string) => string };
const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17);
const exampleOf = (id: string) => here.getForm(id)!.example(TODAY);
const registration = exampleOf('union-registration');
const federation = {
  ...registration,
  kind: 'area-federation',
  creditCode: '',
  legalRepresentative: '',
  coveredEnterprises: [
    { name: '甲公司', creditCode: withCheck('91310110MA1G00001'), employees: 70 },
    { name: '乙公司', creditCode: withCheck('91310110MA1G00002'), employees: 50 },
  ],
};
const badRegistration = {
  ...registration,
  creditCode: '91310110MA1FL3K2XA',
  femaleEmployees: 500,
  leaderMobile: '1380013800',
  foundingMeetingDate: TODAY,
  chairCandidate: '张伟',
  womenCommittee: false,
  plan: '成立工会。',
};
const assessment = exampleOf('home-assessment');
const badAssessment = {
  ...assessment,
  org_committee: { score: 9, note: 'x' },
  dem_congress: { score: 8 },
  members: 0,
  districtGrade: 'unqualified',
  recommendModel: true,
};

const DATA: { form: string; label: string; data: Record<string, unknown> }[] = [
  { form: 'union-registration', label: 'valid enterprise', data: registration },
  { form: 'union-registration', label: 'valid federation', data: federation },
  { form: 'union-registration', label: 'invalid', data: badRegistration },
  { form: 'home-assessment', label: 'valid', data: assessment },
  { form: 'home-assessment', label: 'invalid', data: badAssessment },
];

type Case = { name: string; run: (c: Checkout) => () => unknown };
const frozen = (d: Record<string, unknown>) => JSON.stringify(d);
const CASES: Case[] = DATA.flatMap(({ form, label, data }) => {
  const json = frozen(data);
  const name = (op: string) => `${form} ${label}: ${op}`;
  return [
    { name: name('validateDraft'), run: (c) => { const f = c.getForm(form)!; const d = JSON.parse(json); return () => f.validateDraft(d); } },
    { name: name('validateSubmit'), run: (c) => { const f = c.getForm(form)!; const d = JSON.parse(json); return () => f.validateSubmit(d, TODAY); } },
    { name: name('computed'), run: (c) => { const f = c.getForm(form)!; const d = JSON.parse(json); return () => f.computed(d); } },
  ];
});
CASES.push({
  name: 'compileForm, all six built-in declarations',
  run: (c) => () => {
    for (const d of c.declarations) c.compileForm(d);
  },
});

// ---------------------------------------------------------------- measuring

/** Calls per second of `fn` over about MS milliseconds, after a short warm-up. */
function rate(fn: () => unknown): number {
  const warm = performance.now() + MS / 10;
  while (performance.now() < warm) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < 10; i++) fn();
    calls += 10;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

// Each case sanity-checked once: the same outcome in both checkouts, or the numbers mean little.
for (const c of CASES) {
  const outcomes = checkouts.map((k) => JSON.stringify(c.run(k)()));
  if (new Set(outcomes).size > 1) console.log(`note: ${c.name} answers differently in the two checkouts`);
}

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of CASES) {
    // Alternate which checkout goes first, so neither always runs on a warmer machine.
    const order = round % 2 === 0 ? checkouts : [...checkouts].reverse();
    for (const k of order) {
      const key = `${k.name}\u0000${c.name}`;
      best.set(key, Math.max(best.get(key) ?? 0, rate(c.run(k))));
    }
  }
}

const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
const rows: string[][] = [['case', ...checkouts.map((k) => `${k.name} /s`), ...(base ? ['current ÷ baseline'] : [])]];
for (const c of CASES) {
  const values = checkouts.map((k) => best.get(`${k.name}\u0000${c.name}`));
  const ratio = base && values[1] ? `${(values[0]! / values[1]).toFixed(2)}×` : undefined;
  rows.push([c.name, ...values.map(fmt), ...(ratio ? [ratio] : [])]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
console.log(`best of ${ROUNDS} rounds of ${MS} ms per case; today = ${TODAY}${base ? `; baseline = ${process.env.BENCH_BASELINE}` : ''}`);
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
