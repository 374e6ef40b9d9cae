/**
 * The income and expenditure categories of a grassroots union's accounts (工会会计制度), shared
 * by the disclosure (fund-oversight) and the audit submission (audit-submission) so both
 * speak of the same lines by the same keys.
 */
import { t } from './declare.js';
import type { Text } from './language.js';

export type FundCategory = { key: string; label: Text; help?: Text };

export const INCOME: readonly FundCategory[] = [
  { key: 'inc_dues', label: t('会费收入', 'Membership dues') },
  {
    key: 'inc_allocated',
    label: t('拨缴经费收入', 'Allocated funds'),
    help: t('单位按职工工资总额 2% 拨缴的工会经费留成部分', 'The union’s share of the 2 % of payroll the employer allocates'),
  },
  { key: 'inc_subsidy', label: t('上级补助收入', 'Subsidies from higher-level unions') },
  { key: 'inc_admin', label: t('行政补助收入', 'Subsidy from the employer') },
  { key: 'inc_other', label: t('其他收入', 'Other income') },
];

export const EXPENDITURE: readonly FundCategory[] = [
  { key: 'exp_activities', label: t('职工活动支出', 'Member activities') },
  { key: 'exp_rights', label: t('维权支出', 'Rights protection') },
  { key: 'exp_business', label: t('业务支出', 'Union operations') },
  { key: 'exp_capital', label: t('资本性支出', 'Capital expenditure') },
  { key: 'exp_other', label: t('其他支出', 'Other expenditure') },
];

export const CATEGORIES: readonly FundCategory[] = [...INCOME, ...EXPENDITURE];
