/**
 * The work plan's yearly targets that the district dashboard measures, as data: the plan's
 * numbers and which declared registration kinds count towards each, in one place. The
 * plan (杨浦区总工会年度工作要点, items 5 and 6) sets them for the year; a new plan changes
 * this table, not the page.
 */
import type { Text } from '../../forms/language.js';

export type PlanTarget = {
  key: string;
  label: Text;
  /** How many approved registrations the plan asks for in the year. */
  target: number;
  /** The values of union-registration's `kind` field (建会类型) that count towards it. */
  kinds: readonly string[];
};

export const WORK_PLAN = {
  source: { zh: '区总工会年度工作要点（第 5、6 项）', en: 'the district federation’s work plan for the year (items 5 and 6)' } satisfies Text,
  /** The form whose approved submissions are counted, and its field that tells the kinds apart. */
  formId: 'union-registration',
  kindField: 'kind',
  targets: [
    {
      key: 'enterprise',
      label: { zh: '规模企业、重点企业单独建会', en: 'Enterprises founding their own union' },
      target: 25,
      kinds: ['enterprise'],
    },
    {
      key: 'federation',
      label: { zh: '新增工会联合会', en: 'New union federations' },
      target: 20,
      kinds: ['area-federation', 'industry-federation'],
    },
  ] satisfies PlanTarget[],
} as const;
