/**
 * 经费收支公开 (fund-oversight), DOMAIN.md process 3: a grassroots union discloses a quarter's
 * or a year's income and spending to its members ("探索建立工会经费使用会员监督制度"). Its own
 * funds audit committee reviews it before it is published; members may then query it
 * (fund-query). Policy checks warn rather than block, with their limits as parameters.
 */
import { DOCUMENT_TYPES, MAX_MONEY_FEN, members, money, opt, t, year } from './declare.js';
import { EXPENDITURE, INCOME, type FundCategory } from './fund-categories.js';
import type { Expr, FieldDecl, FormDeclaration, RuleDecl } from './language.js';

const f = (path: string): Expr => ({ field: path });
const amount = (c: FundCategory): FieldDecl => money(c.key, c.label, { required: true, ...(c.help ? { help: c.help } : {}) });

const notableOf = (category: string): Expr => ({
  sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: category } },
});

/** The itemised spending of a category cannot add up to more than the category's total. */
const notableWithinTotal = (c: FundCategory): RuleDecl => ({
  kind: 'assert',
  field: c.key,
  that: { expr: { lte: [notableOf(c.key), f(c.key)] } },
  message: t(`重要支出明细中“${c.label.zh}”合计超过该项支出总额`, `Notable items of “${c.label.en}” add up to more than its total`),
});

export const fundOversight: FormDeclaration = {
  id: 'fund-oversight',
  version: 1,
  title: t('经费收支公开', 'Disclosure of union funds'),
  description: t(
    '基层工会定期向会员公开经费收支情况，经费审查委员会审核后公开，接受会员监督。',
    'A grassroots union discloses its income and spending to its members each period; after its funds audit committee reviews it, members can see and question it.',
  ),
  sections: [
    {
      key: 'period',
      title: t('公开期间', 'Period'),
      fields: [
        {
          key: 'periodType',
          type: 'choice',
          label: t('公开周期', 'Period type'),
          required: true,
          options: [opt('quarter', '季度', 'Quarter'), opt('year', '年度', 'Year')],
        },
        year('year', t('年度', 'Year')),
        { key: 'quarter', type: 'integer', label: t('季度', 'Quarter'), help: t('按季度公开时填写', 'For a quarterly disclosure'), min: 1, max: 4 },
        members(),
      ],
    },
    {
      key: 'income',
      title: t('收入（元）', 'Income'),
      help: t('金额以分为单位保存，显示为元；没有的填 0', 'Amounts are stored in fen and shown in yuan; enter 0 for none'),
      fields: [money('openingBalance', t('期初结余', 'Opening balance'), { required: true }), ...INCOME.map(amount)],
    },
    {
      key: 'expenditure',
      title: t('支出（元）', 'Expenditure'),
      fields: [
        ...EXPENDITURE.map(amount),
        money('festivalGifts', t('其中：节日慰问品', 'Of which: festival gifts'), {
          required: true,
          help: t('本期发放给会员的节日慰问品合计', 'Festival gifts to members in this period'),
        }),
      ],
    },
    {
      key: 'notable',
      title: t('重要支出明细', 'Notable expenditure'),
      help: t('大额或会员关注的支出逐笔列明', 'List large items and those members ask about, one by one'),
      fields: [
        {
          key: 'notable',
          type: 'group',
          label: t('支出明细', 'Items'),
          maxRows: 200,
          fields: [
            { key: 'date', type: 'date', label: t('日期', 'Date'), required: true },
            {
              key: 'category',
              type: 'choice',
              label: t('支出类别', 'Category'),
              required: true,
              options: EXPENDITURE.map((c) => ({ value: c.key, label: c.label })),
            },
            { key: 'purpose', type: 'text', label: t('用途', 'Purpose'), required: true, maxLength: 200 },
            { key: 'amount', type: 'money', label: t('金额', 'Amount'), required: true, max: MAX_MONEY_FEN },
            {
              key: 'decidedBy',
              type: 'text',
              label: t('集体决策依据', 'Committee decision'),
              help: t('工会委员会会议纪要编号等', 'E.g. the number of the committee meeting minutes'),
              maxLength: 100,
            },
            { key: 'attachments', type: 'attachment', label: t('凭证', 'Vouchers'), maxFiles: 10, accept: DOCUMENT_TYPES },
          ],
        },
      ],
    },
  ],
  params: {
    festivalGiftPerMemberYear: {
      label: t('每名会员每年节日慰问品上限(分)', 'Festival gifts per member per year, at most (fen)'),
      value: 200_000,
    },
    singleItemDecisionThreshold: {
      label: t('须经集体决策的单笔支出金额(分)', 'A single item above this needs a committee decision (fen)'),
      value: 5_000_000,
    },
  },
  rules: [
    {
      kind: 'requiredWhen',
      field: 'quarter',
      when: { field: 'periodType', equals: 'quarter' },
      message: t('按季度公开须填写季度', 'Give the quarter of a quarterly disclosure'),
    },
    ...EXPENDITURE.map(notableWithinTotal),
    {
      // Gifts ÷ members > the yearly allowance, multiplied out to stay in whole fen. A
      // quarterly disclosure is compared with the yearly allowance as it is: one quarter
      // above a whole year's allowance is certainly too much, and gifts spread over the year
      // are checked by the yearly disclosure.
      kind: 'assert',
      field: 'festivalGifts',
      that: { expr: { lte: [f('festivalGifts'), { mul: [{ param: 'festivalGiftPerMemberYear' }, f('members')] }] } },
      severity: 'warning',
      // Messages name no amounts: the amounts are parameters, shown with the form's definition.
      message: t('人均节日慰问品超过每名会员每年的标准', 'Festival gifts per member exceed the yearly allowance'),
    },
    {
      kind: 'rowAssert',
      group: 'notable',
      column: 'decidedBy',
      that: {
        any: [{ expr: { lte: [f('amount'), { param: 'singleItemDecisionThreshold' }] } }, { field: 'decidedBy', filled: true }],
      },
      severity: 'warning',
      message: t(
        '单笔支出超过须集体决策的金额，请注明工会委员会的决策依据',
        'An item this large needs a committee decision; name the decision',
      ),
    },
  ],
  computed: [
    { key: 'totalIncome', label: t('本期收入合计', 'Total income'), expr: { add: INCOME.map((c) => f(c.key)) }, format: 'money' },
    {
      key: 'totalExpenditure',
      label: t('本期支出合计', 'Total expenditure'),
      expr: { add: EXPENDITURE.map((c) => f(c.key)) },
      format: 'money',
    },
    {
      key: 'closingBalance',
      label: t('期末结余', 'Closing balance'),
      // Computed, never typed: a typed balance that does not add up is what members query.
      expr: { sub: [{ add: [f('openingBalance'), f('totalIncome')] }, f('totalExpenditure')] },
      format: 'money',
    },
    {
      key: 'festivalGiftsPerMember',
      label: t('人均节日慰问品', 'Festival gifts per member'),
      expr: { floor: { div: [f('festivalGifts'), f('members')] } },
      format: 'money',
    },
  ],
  // Amounts in fen: 123,456.00 yuan is 12345600. No files in the example: a reference must
  // name an upload the server knows.
  example: {
    periodType: 'quarter',
    year: 2025,
    quarter: 2,
    members: 120,
    openingBalance: 12_345_600,
    inc_dues: 360_000,
    inc_allocated: 4_800_000,
    inc_subsidy: 500_000,
    inc_admin: 1_000_000,
    inc_other: 12_300,
    exp_activities: 5_200_000,
    exp_rights: 800_000,
    exp_business: 450_000,
    exp_capital: 0,
    exp_other: 20_000,
    festivalGifts: 3_600_000,
    notable: [
      {
        date: '2025-05-28',
        category: 'exp_activities',
        purpose: '端午节会员慰问品',
        amount: 3_600_000,
        decidedBy: '工会委员会 2025 年第 3 次会议纪要',
      },
      { date: '2025-06-15', category: 'exp_rights', purpose: '困难职工帮扶', amount: 600_000 },
    ],
  },
};
