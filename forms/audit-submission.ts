/**
 * 审计资料报送 (audit-submission), DOMAIN.md process 4: a grassroots union hands its year's
 * figures to the 特约经审员 assigned to it. The auditor records findings (审计发现) in the same
 * submission; the union answers each with a report and evidence; the auditor accepts or
 * returns each answer. The findings group is therefore empty at the first submit and filled
 * by later steps, which the workflow lets edit only their own columns.
 */
import { DOCUMENT_TYPES, money, opt, t, year } from './declare.js';
import { CATEGORIES, EXPENDITURE, type FundCategory } from './fund-categories.js';
import type { Expr, FieldDecl, FormDeclaration, RuleDecl } from './language.js';

const f = (path: string): Expr => ({ field: path });

/** Budget and actual of one category, side by side as the 预算执行 table shows them. */
const budgetAndActual = (c: FundCategory): FieldDecl[] => [
  money(`bud_${c.key}`, t(`${c.label.zh}（预算）`, `${c.label.en} (budget)`), { required: true }),
  money(`act_${c.key}`, t(`${c.label.zh}（决算）`, `${c.label.en} (actual)`), { required: true }),
];

/** Spending over budget is an audit finding in the making, but the auditor judges it. */
const withinBudget = (c: FundCategory): RuleDecl => ({
  kind: 'assert',
  field: `act_${c.key}`,
  that: { expr: { lte: [f(`act_${c.key}`), f(`bud_${c.key}`)] } },
  severity: 'warning',
  message: t(`${c.label.zh}超出预算，请在报送说明中解释`, `${c.label.en} is over budget; explain it to the auditor`),
});

/**
 * Optional in v1: files are uploaded separately and referenced here, and the upload service
 * is not yet live everywhere; until it is, statements may still come on paper. Version 2
 * can make them required without touching submissions filed against v1.
 */
const files = (key: string, zh: string, en: string): FieldDecl => ({
  key,
  type: 'attachment',
  label: t(zh, en),
  maxFiles: 20,
  accept: DOCUMENT_TYPES,
});

export const auditSubmission: FormDeclaration = {
  id: 'audit-submission',
  version: 1,
  title: t('审计资料报送', 'Audit submission'),
  description: t(
    '基层工会向特约经审员报送年度预算执行、资产负债和银行对账资料；审计发现、整改答复和核验结果在同一记录中完成。',
    'A grassroots union sends its year’s budget execution, balance sheet and bank reconciliation to its assigned auditor; findings, answers and verification follow in the same record.',
  ),
  sections: [
    {
      key: 'year',
      title: t('审计年度', 'Audit year'),
      fields: [year('auditYear', t('审计年度', 'Audit year'))],
    },
    {
      key: 'budget',
      title: t('预算执行（元）', 'Budget execution'),
      help: t('各收支项目的年度预算数与决算数；没有的填 0', 'Each category’s budget and actual for the year; enter 0 for none'),
      fields: CATEGORIES.flatMap(budgetAndActual),
    },
    {
      key: 'balanceSheet',
      title: t('资产负债（元）', 'Balance sheet'),
      fields: [
        money('assets', t('资产总额', 'Total assets'), { required: true }),
        money('liabilities', t('负债总额', 'Total liabilities'), { required: true }),
        {
          key: 'netAssets',
          type: 'money',
          label: t('净资产', 'Net assets'),
          help: t('负债大于资产时为负数', 'Negative when liabilities exceed assets'),
          required: true,
          min: -1_000_000_000_000,
          max: 1_000_000_000_000,
        },
      ],
    },
    {
      key: 'bank',
      title: t('银行对账', 'Bank reconciliation'),
      fields: [
        money('bankBalance', t('银行对账单余额', 'Bank statement balance'), { required: true }),
        money('bookBalance', t('银行存款账面余额', 'Bank balance in the books'), { required: true }),
        {
          key: 'balanceExplanation',
          type: 'longtext',
          label: t('差异说明', 'Explanation of the difference'),
          help: t('对账单余额与账面余额不一致时，说明未达账项', 'When the two differ, list the items in transit'),
          maxLength: 5000,
        },
      ],
    },
    {
      key: 'documents',
      title: t('报送材料', 'Documents'),
      fields: [
        files('statements', '财务报表', 'Financial statements'),
        files('bankStatements', '银行对账单', 'Bank statements'),
        files('voucherSummary', '凭证汇总表', 'Voucher summary'),
      ],
    },
    {
      key: 'findings',
      title: t('审计发现与整改', 'Findings and rectification'),
      help: t('由特约经审员填写审计发现，工会逐条答复整改，经审员逐条核验', 'The auditor records findings; the union answers each; the auditor checks each answer'),
      fields: [
        {
          key: 'findings',
          type: 'group',
          label: t('审计发现', 'Findings'),
          maxRows: 100,
          fields: [
            { key: 'id', type: 'text', label: t('编号', 'No.'), required: true, maxLength: 20 },
            {
              key: 'category',
              type: 'choice',
              label: t('类别', 'Category'),
              required: true,
              options: [
                opt('budget', '预算执行', 'Budget execution'),
                opt('income', '收入管理', 'Income'),
                opt('spending', '支出管理', 'Spending'),
                opt('assets', '资产管理', 'Assets'),
                opt('accounting', '会计基础', 'Bookkeeping'),
                opt('other', '其他', 'Other'),
              ],
            },
            { key: 'description', type: 'longtext', label: t('问题描述', 'Description'), required: true, maxLength: 2000 },
            {
              key: 'severity',
              type: 'choice',
              label: t('严重程度', 'Severity'),
              required: true,
              options: [opt('general', '一般', 'General'), opt('serious', '较重', 'Serious'), opt('severe', '严重', 'Severe')],
            },
            { key: 'deadline', type: 'date', label: t('整改期限', 'Rectify by'), required: true },
            { key: 'answer', type: 'longtext', label: t('整改情况', 'Rectification report'), maxLength: 5000 },
            { key: 'evidence', type: 'attachment', label: t('整改佐证', 'Evidence'), maxFiles: 20, accept: DOCUMENT_TYPES },
            {
              key: 'verdict',
              type: 'choice',
              label: t('核验结果', 'Verdict'),
              options: [opt('accepted', '通过', 'Accepted'), opt('returned', '退回', 'Returned')],
            },
            { key: 'verdictNote', type: 'longtext', label: t('核验意见', 'Verdict note'), maxLength: 2000 },
          ],
        },
      ],
    },
  ],
  rules: [
    {
      kind: 'assert',
      field: 'assets',
      that: { expr: { eq: [f('assets'), { add: [f('liabilities'), f('netAssets')] }] } },
      message: t('资产总额应等于负债总额加净资产', 'Total assets must equal liabilities plus net assets'),
    },
    {
      kind: 'requiredWhen',
      field: 'balanceExplanation',
      when: { expr: { ne: [f('bankBalance'), f('bookBalance')] } },
      message: t('银行对账单余额与账面余额不一致，请说明原因', 'The bank and book balances differ; explain why'),
    },
    ...EXPENDITURE.map(withinBudget),
    {
      // A returned answer goes back to the union, which needs to know what is still wrong.
      kind: 'rowAssert',
      group: 'findings',
      column: 'verdictNote',
      that: { any: [{ not: { field: 'verdict', equals: 'returned' } }, { field: 'verdictNote', filled: true }] },
      message: t('退回整改的，须写明核验意见', 'Say why when returning an answer'),
    },
  ],
  computed: [
    {
      key: 'bankDifference',
      label: t('银行对账差额', 'Bank minus book balance'),
      expr: { sub: [f('bankBalance'), f('bookBalance')] },
      format: 'money',
    },
    { key: 'findingsCount', label: t('审计发现数', 'Findings'), expr: { rows: 'findings' }, format: 'integer' },
    {
      key: 'openFindings',
      label: t('未通过核验的发现数', 'Open findings'),
      // Open = every finding not yet accepted, including those not yet answered.
      expr: { sub: [{ rows: 'findings' }, { rows: 'findings', where: { field: 'verdict', equals: 'accepted' } }] },
      format: 'integer',
    },
  ],
  example: {
    auditYear: 2024,
    bud_inc_dues: 1_440_000,
    act_inc_dues: 1_452_000,
    bud_inc_allocated: 19_200_000,
    act_inc_allocated: 19_680_000,
    bud_inc_subsidy: 2_000_000,
    act_inc_subsidy: 2_000_000,
    bud_inc_admin: 4_000_000,
    act_inc_admin: 4_000_000,
    bud_inc_other: 50_000,
    act_inc_other: 48_600,
    bud_exp_activities: 18_000_000,
    act_exp_activities: 17_650_000,
    bud_exp_rights: 3_000_000,
    act_exp_rights: 2_840_000,
    bud_exp_business: 2_000_000,
    act_exp_business: 1_960_000,
    bud_exp_capital: 1_000_000,
    act_exp_capital: 0,
    bud_exp_other: 100_000,
    act_exp_other: 80_000,
    assets: 48_000_000,
    liabilities: 3_000_000,
    netAssets: 45_000_000,
    bankBalance: 30_120_000,
    bookBalance: 30_000_000,
    balanceExplanation: '12 月 31 日银行已收、工会未收的利息收入 1,200.00 元。',
  },
};
