/**
 * The district dashboard's numbers for one year (Asia/Shanghai), read through the caller's
 * own scope listing (`submissions.list`, the `scope0` index for the district), so scope is
 * the API's. One walk over the submissions created from 1 January of the year before to
 * 31 December of the year gives every panel:
 * - the work plan's targets: union registrations approved in the year (the month and the
 *   street of their approval; `updatedAt` of a submission in its end step is that moment),
 *   counted by their declared kind;
 * - what waits now (status in_review) per step and per street;
 * - the computed grade of home assessments completed in the year;
 * - the findings not yet accepted in audit submissions still open, by severity.
 * The year before is in the walk so that what was started in December and finished in
 * January counts; something started earlier still is not seen (`window` says so).
 *
 * Cost: for N submissions created in the window, ceil(N / PAGE) Queries on the scope index
 * (more when 1 MB of items fills a Query first: about N × item size / 1 MB), reading all N
 * items (eventually consistent: N × size / 8 KB read units), plus one Query for the
 * organisations; at most one per form named (its current version, which forms.ts may cache)
 * and one per published workflow version a waiting submission runs (built-in ones cost none).
 * A cheaper way later: counters per (year, form, kind or grade, street, month) added inside
 * each action's own transaction, like the registration number's counter, would make
 * the targets and grades a handful of GetItems; or a sparse index keyed by the year a
 * submission reached its end step (`DONE#<form>#<year>`) would read only those submissions.
 * What waits could come from the inbox partitions of the district's and streets' groups.
 */
import type { CompiledForm, FieldDecl, Text } from '../../forms/language.js';
import type { Caller } from '../auth/scope.js';
import { listOrgs } from '../store/accounts.js';
import type { Submission } from '../store/submissions.js';
import { WORK_PLAN } from './dashboard-plan.js';
import { currentForm } from './forms.js';
import { list, type Deps } from './submissions.js';
import { workflowAt } from './workflows.js';

/** Items per listing page, and the most one dashboard reads before it says it stopped. */
const PAGE = 1000;
export const MAX_ITEMS = 20_000;

const SHANGHAI_MS = 8 * 3600_000;
/** Year and month (1–12) of an instant in Asia/Shanghai. */
function shanghaiMonth(iso: string): { year: number; month: number } | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t + SHANGHAI_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

export const currentShanghaiYear = (now: Date) => new Date(now.getTime() + SHANGHAI_MS).getUTCFullYear();

/**
 * The dashboard is for district staff with the whole district in scope: reviewers, auditors
 * and admins of the root organisation. A 特约经审员 seated at the district sees only its
 * assigned unions, so the district's totals are not its to read.
 */
export function mayViewDashboard(caller: Pick<Caller, 'roles' | 'orgPath' | 'scope'>): boolean {
  const staff = caller.roles.some((r) => r === 'reviewer' || r === 'auditor' || r === 'admin');
  const root = caller.orgPath[0];
  return caller.orgPath.length === 1 && staff && caller.scope.some((s) => s.depth === 0 && !s.exact && s.orgId === root);
}

export type Count = { key: string; label: Text; count: number };
export type TargetProgress = { key: string; label: Text; target: number; byMonth: number[]; total: number };
export type StreetTargets = { key: string; label: Text; counts: Record<string, number> };
export type Waiting = { steps: Count[]; streets: Count[]; cells: Record<string, Record<string, number>>; total: number };

export type Dashboard = {
  year: number;
  /** The creation dates (Shanghai) the walk covered, and whether it stopped at MAX_ITEMS. */
  window: { from: string; to: string; truncated: boolean; read: number };
  targets: TargetProgress[];
  targetsByStreet: StreetTargets[];
  waiting: Waiting;
  grades: Count[];
  findings: Count[];
};

/** Every submission the caller's scope holds that was created in the window, page by page. */
async function walk(deps: Deps, caller: Caller, from: string, to: string) {
  const items: Submission[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(deps, caller, { from, to }, PAGE, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < MAX_ITEMS);
  return { items, truncated: cursor !== undefined };
}

type ChoiceDecl = Extract<FieldDecl, { type: 'choice' }>;
/** A choice field of a form by key, at any depth (a group's column included). */
function choiceField(fields: readonly FieldDecl[], key: string): ChoiceDecl | undefined {
  for (const f of fields) {
    if (f.key === key && f.type === 'choice') return f;
    if (f.type === 'group') {
      const inner = choiceField(f.fields, key);
      if (inner) return inner;
    }
  }
  return undefined;
}
async function optionsOf(formOf: (id: string) => Promise<CompiledForm | undefined>, formId: string, key: string): Promise<{ value: string; label: Text }[]> {
  const form = await formOf(formId);
  const field = form && choiceField(form.decl.sections.flatMap((s) => s.fields), key);
  return field ? field.options.map((o) => ({ value: o.value, label: o.label })) : [];
}

const plain = (t: string): Text => ({ zh: t, en: t });
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export async function dashboard(deps: Deps, caller: Caller, year: number): Promise<Dashboard> {
  const from = `${year - 1}-01-01`;
  const to = `${year}-12-31`;
  // Each form's current version is looked up once (a Query for its published versions).
  const forms = new Map<string, Promise<CompiledForm | undefined>>();
  const formOf = (id: string) => {
    if (!forms.has(id)) forms.set(id, currentForm(deps, id));
    return forms.get(id)!;
  };
  const [{ items, truncated }, orgs, severities, grades] = await Promise.all([
    walk(deps, caller, from, to),
    listOrgs(deps.db),
    optionsOf(formOf, 'audit-submission', 'severity'),
    // The computed grade's bands take the values of the district's final grade (same scale).
    optionsOf(formOf, 'home-assessment', 'districtGrade'),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, { zh: o.name, en: o.nameEn ?? o.name } satisfies Text]));
  const streetsInTree = orgs.filter((o) => o.path.length === 2).map((o) => o.id);
  const streetOf = (s: Submission) => s.orgPath[1] ?? s.orgPath[0];
  const inYear = (iso: string) => shanghaiMonth(iso)?.year === year;

  // The work plan's targets.
  const kindToTarget = new Map<string, string>(WORK_PLAN.targets.flatMap((t) => t.kinds.map((k) => [k, t.key] as [string, string])));
  const byMonth = new Map<string, number[]>(WORK_PLAN.targets.map((t) => [t.key, Array<number>(12).fill(0)]));
  const byStreet = new Map<string, Map<string, number>>();
  // What waits, per step and per street.
  const stepCount = new Map<string, number>();
  const stepTitle = new Map<string, Promise<Text>>();
  const streetWaiting = new Map<string, number>();
  const cells: Record<string, Record<string, number>> = {};
  const gradeCount = new Map<string, number>();
  const findingCount = new Map<string, number>();

  const titleOf = (s: Submission) => {
    const key = `${s.formId}#${s.workflowVersion ?? 1}#${s.step}`;
    if (!stepTitle.has(key)) {
      stepTitle.set(
        key,
        Promise.all([formOf(s.formId), workflowAt(deps, s.formId, s.workflowVersion)]).then(([form, wf]) => {
          const f = form?.decl.title ?? plain(s.formId);
          const st = wf?.steps[s.step]?.title ?? plain(s.step);
          return { zh: `${f.zh} · ${st.zh}`, en: `${f.en} · ${st.en}` };
        }),
      );
    }
    return key;
  };

  for (const s of items) {
    const street = streetOf(s);
    if (s.formId === WORK_PLAN.formId && (s.status === 'approved' || s.status === 'completed') && inYear(s.updatedAt)) {
      const target = kindToTarget.get(String(s.data[WORK_PLAN.kindField]));
      if (target) {
        byMonth.get(target)![shanghaiMonth(s.updatedAt)!.month - 1] += 1;
        if (!byStreet.has(street)) byStreet.set(street, new Map());
        bump(byStreet.get(street)!, target);
      }
    }
    if (s.status === 'in_review') {
      const key = titleOf(s);
      bump(stepCount, key);
      bump(streetWaiting, street);
      cells[street] ??= {};
      cells[street][key] = (cells[street][key] ?? 0) + 1;
    }
    if (s.formId === 'home-assessment' && s.status === 'completed' && inYear(s.updatedAt) && typeof s.computed.grade === 'string') {
      bump(gradeCount, s.computed.grade);
    }
    if (s.formId === 'audit-submission' && (s.status === 'in_review' || s.status === 'returned')) {
      const rows = Array.isArray(s.data.findings) ? s.data.findings : [];
      for (const row of rows) {
        const r = row as Record<string, unknown>;
        if (r.verdict !== 'accepted' && typeof r.severity === 'string') bump(findingCount, r.severity);
      }
    }
  }

  const titles = new Map(await Promise.all([...stepTitle].map(async ([k, p]) => [k, await p] as const)));
  const streetLabel = (id: string) => orgName.get(id) ?? plain(id);
  // Every street of the tree is listed against the targets, so a street with none shows as none.
  const targetStreets = [...new Set([...streetsInTree, ...byStreet.keys()])];
  const fromOptions = (options: { value: string; label: Text }[], counts: Map<string, number>): Count[] => [
    ...options.map((o) => ({ key: o.value, label: o.label, count: counts.get(o.value) ?? 0 })),
    ...[...counts].filter(([k]) => !options.some((o) => o.value === k)).map(([k, n]) => ({ key: k, label: plain(k), count: n })),
  ];

  return {
    year,
    window: { from, to, truncated, read: items.length },
    targets: WORK_PLAN.targets.map((t) => {
      const months = byMonth.get(t.key)!;
      return { key: t.key, label: t.label, target: t.target, byMonth: months, total: months.reduce((a, b) => a + b, 0) };
    }),
    targetsByStreet: targetStreets.map((id) => ({ key: id, label: streetLabel(id), counts: Object.fromEntries(byStreet.get(id) ?? []) })),
    waiting: {
      steps: [...stepCount].map(([k, n]) => ({ key: k, label: titles.get(k)!, count: n })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      streets: [...streetWaiting].map(([k, n]) => ({ key: k, label: streetLabel(k), count: n })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      cells,
      total: [...stepCount.values()].reduce((a, b) => a + b, 0),
    },
    grades: fromOptions(grades, gradeCount),
    findings: fromOptions(severities, findingCount),
  };
}
