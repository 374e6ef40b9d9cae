/**
 * 经费收支公开 (fund-oversight), DOMAIN.md process 3: a grassroots union discloses a quarter's
 * or a year's income and spending to its members ("探索建立工会经费使用会员监督制度"). Its own
 * funds audit committee reviews it before it is published; members may then query it
 * (fund-query). Policy checks warn rather than block, with their limits as parameters.
 *
 * Income and expenditure are the categories of a grassroots union's accounts (工会会计制度),
 * by the same keys and labels as in audit-submission (`inc_*`, `exp_*`). Money is in fen,
 * at most ¥10 billion (1_000_000_000_000), so sums of a form's amounts stay exact. Notable
 * items of a category cannot add up to more than the category's total.
 */
import type { FormDeclaration } from './language.js';

export const fundOversight: FormDeclaration = {
  id: 'fund-oversight',
  version: 1,
  title: { zh: '经费收支公开', en: 'Disclosure of union funds' },
  description: {
    zh: '基层工会定期向会员公开经费收支情况，经费审查委员会审核后公开，接受会员监督。',
    en: 'A grassroots union discloses its income and spending to its members each period; after its funds audit committee reviews it, members can see and question it.',
  },
  sections: [
    {
      key: 'period',
      title: { zh: '公开期间', en: 'Period' },
      fields: [
        {
          key: 'periodType',
          type: 'choice',
          label: { zh: '公开周期', en: 'Period type' },
          required: true,
          options: [{ value: 'quarter', label: { zh: '季度', en: 'Quarter' } }, { value: 'year', label: { zh: '年度', en: 'Year' } }],
        },
        { key: 'year', type: 'integer', label: { zh: '年度', en: 'Year' }, required: true, min: 2000, max: 2100 },
        {
          key: 'quarter',
          type: 'integer',
          label: { zh: '季度', en: 'Quarter' },
          help: { zh: '按季度公开时填写', en: 'For a quarterly disclosure' },
          min: 1,
          max: 4,
        },
        { key: 'members', type: 'integer', label: { zh: '会员人数', en: 'Members' }, required: true, min: 1, max: 1_000_000 },
      ],
    },
    {
      key: 'income',
      title: { zh: '收入（元）', en: 'Income' },
      help: { zh: '金额以分为单位保存，显示为元；没有的填 0', en: 'Amounts are stored in fen and shown in yuan; enter 0 for none' },
      fields: [
        {
          key: 'openingBalance',
          type: 'money',
          label: { zh: '期初结余', en: 'Opening balance' },
          max: 1_000_000_000_000,
          required: true,
        },
        { key: 'inc_dues', type: 'money', label: { zh: '会费收入', en: 'Membership dues' }, max: 1_000_000_000_000, required: true },
        {
          key: 'inc_allocated',
          type: 'money',
          label: { zh: '拨缴经费收入', en: 'Allocated funds' },
          max: 1_000_000_000_000,
          required: true,
          help: { zh: '单位按职工工资总额 2% 拨缴的工会经费留成部分', en: 'The union’s share of the 2 % of payroll the employer allocates' },
        },
        {
          key: 'inc_subsidy',
          type: 'money',
          label: { zh: '上级补助收入', en: 'Subsidies from higher-level unions' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'inc_admin',
          type: 'money',
          label: { zh: '行政补助收入', en: 'Subsidy from the employer' },
          max: 1_000_000_000_000,
          required: true,
        },
        { key: 'inc_other', type: 'money', label: { zh: '其他收入', en: 'Other income' }, max: 1_000_000_000_000, required: true },
      ],
    },
    {
      key: 'expenditure',
      title: { zh: '支出（元）', en: 'Expenditure' },
      fields: [
        {
          key: 'exp_activities',
          type: 'money',
          label: { zh: '职工活动支出', en: 'Member activities' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'exp_rights',
          type: 'money',
          label: { zh: '维权支出', en: 'Rights protection' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'exp_business',
          type: 'money',
          label: { zh: '业务支出', en: 'Union operations' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'exp_capital',
          type: 'money',
          label: { zh: '资本性支出', en: 'Capital expenditure' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'exp_other',
          type: 'money',
          label: { zh: '其他支出', en: 'Other expenditure' },
          max: 1_000_000_000_000,
          required: true,
        },
        {
          key: 'festivalGifts',
          type: 'money',
          label: { zh: '其中：节日慰问品', en: 'Of which: festival gifts' },
          max: 1_000_000_000_000,
          required: true,
          help: { zh: '本期发放给会员的节日慰问品合计', en: 'Festival gifts to members in this period' },
        },
      ],
    },
    {
      key: 'notable',
      title: { zh: '重要支出明细', en: 'Notable expenditure' },
      help: { zh: '大额或会员关注的支出逐笔列明', en: 'List large items and those members ask about, one by one' },
      fields: [
        {
          key: 'notable',
          type: 'group',
          label: { zh: '支出明细', en: 'Items' },
          maxRows: 200,
          fields: [
            { key: 'date', type: 'date', label: { zh: '日期', en: 'Date' }, required: true },
            {
              key: 'category',
              type: 'choice',
              label: { zh: '支出类别', en: 'Category' },
              required: true,
              options: [
                { value: 'exp_activities', label: { zh: '职工活动支出', en: 'Member activities' } },
                { value: 'exp_rights', label: { zh: '维权支出', en: 'Rights protection' } },
                { value: 'exp_business', label: { zh: '业务支出', en: 'Union operations' } },
                { value: 'exp_capital', label: { zh: '资本性支出', en: 'Capital expenditure' } },
                { value: 'exp_other', label: { zh: '其他支出', en: 'Other expenditure' } },
              ],
            },
            { key: 'purpose', type: 'text', label: { zh: '用途', en: 'Purpose' }, required: true, maxLength: 200 },
            { key: 'amount', type: 'money', label: { zh: '金额', en: 'Amount' }, required: true, max: 1_000_000_000_000 },
            {
              key: 'decidedBy',
              type: 'text',
              label: { zh: '集体决策依据', en: 'Committee decision' },
              help: { zh: '工会委员会会议纪要编号等', en: 'E.g. the number of the committee meeting minutes' },
              maxLength: 100,
            },
            {
              key: 'attachments',
              type: 'attachment',
              label: { zh: '凭证', en: 'Vouchers' },
              maxFiles: 10,
              accept: [
                'application/pdf',
                'image/*',
                'application/vnd.ms-excel',
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                'application/msword',
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              ],
            },
          ],
        },
      ],
    },
  ],
  params: {
    festivalGiftPerMemberYear: {
      label: { zh: '每名会员每年节日慰问品上限(分)', en: 'Festival gifts per member per year, at most (fen)' },
      value: 200_000,
    },
    singleItemDecisionThreshold: {
      label: { zh: '须经集体决策的单笔支出金额(分)', en: 'A single item above this needs a committee decision (fen)' },
      value: 5_000_000,
    },
  },
  rules: [
    {
      kind: 'requiredWhen',
      field: 'quarter',
      when: { field: 'periodType', equals: 'quarter' },
      message: { zh: '按季度公开须填写季度', en: 'Give the quarter of a quarterly disclosure' },
    },
    {
      kind: 'assert',
      field: 'exp_activities',
      that: {
        expr: {
          lte: [
            { sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: 'exp_activities' } } },
            { field: 'exp_activities' },
          ],
        },
      },
      message: { zh: '重要支出明细中“职工活动支出”合计超过该项支出总额', en: 'Notable items of “Member activities” add up to more than its total' },
    },
    {
      kind: 'assert',
      field: 'exp_rights',
      that: {
        expr: {
          lte: [
            { sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: 'exp_rights' } } },
            { field: 'exp_rights' },
          ],
        },
      },
      message: { zh: '重要支出明细中“维权支出”合计超过该项支出总额', en: 'Notable items of “Rights protection” add up to more than its total' },
    },
    {
      kind: 'assert',
      field: 'exp_business',
      that: {
        expr: {
          lte: [
            { sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: 'exp_business' } } },
            { field: 'exp_business' },
          ],
        },
      },
      message: { zh: '重要支出明细中“业务支出”合计超过该项支出总额', en: 'Notable items of “Union operations” add up to more than its total' },
    },
    {
      kind: 'assert',
      field: 'exp_capital',
      that: {
        expr: {
          lte: [
            { sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: 'exp_capital' } } },
            { field: 'exp_capital' },
          ],
        },
      },
      message: { zh: '重要支出明细中“资本性支出”合计超过该项支出总额', en: 'Notable items of “Capital expenditure” add up to more than its total' },
    },
    {
      kind: 'assert',
      field: 'exp_other',
      that: {
        expr: {
          lte: [
            { sumRows: { group: 'notable', column: 'amount', where: { field: 'category', equals: 'exp_other' } } },
            { field: 'exp_other' },
          ],
        },
      },
      message: { zh: '重要支出明细中“其他支出”合计超过该项支出总额', en: 'Notable items of “Other expenditure” add up to more than its total' },
    },
    {
      // Gifts ÷ members > the yearly allowance, multiplied out to stay in whole fen. A
      // quarterly disclosure is compared with the yearly allowance as it is: one quarter
      // above a whole year's allowance is certainly too much, and gifts spread over the year
      // are checked by the yearly disclosure.
      kind: 'assert',
      field: 'festivalGifts',
      that: {
        expr: { lte: [{ field: 'festivalGifts' }, { mul: [{ param: 'festivalGiftPerMemberYear' }, { field: 'members' }] }] },
      },
      severity: 'warning',
      // Messages name no amounts: the amounts are parameters in fen, shown with the form's
      // definition, and a text would show a parameter's number of fen as it is.
      message: { zh: '人均节日慰问品超过每名会员每年的标准', en: 'Festival gifts per member exceed the yearly allowance' },
    },
    {
      kind: 'rowAssert',
      group: 'notable',
      column: 'decidedBy',
      that: {
        any: [
          { expr: { lte: [{ field: 'amount' }, { param: 'singleItemDecisionThreshold' }] } },
          { field: 'decidedBy', filled: true },
        ],
      },
      severity: 'warning',
      message: { zh: '单笔支出超过须集体决策的金额，请注明工会委员会的决策依据', en: 'An item this large needs a committee decision; name the decision' },
    },
  ],
  computed: [
    {
      key: 'totalIncome',
      label: { zh: '本期收入合计', en: 'Total income' },
      expr: {
        add: [
          { field: 'inc_dues' },
          { field: 'inc_allocated' },
          { field: 'inc_subsidy' },
          { field: 'inc_admin' },
          { field: 'inc_other' },
        ],
      },
      format: 'money',
    },
    {
      key: 'totalExpenditure',
      label: { zh: '本期支出合计', en: 'Total expenditure' },
      expr: {
        add: [
          { field: 'exp_activities' },
          { field: 'exp_rights' },
          { field: 'exp_business' },
          { field: 'exp_capital' },
          { field: 'exp_other' },
        ],
      },
      format: 'money',
    },
    {
      // Computed, never typed: a typed balance that does not add up is what members query.
      key: 'closingBalance',
      label: { zh: '期末结余', en: 'Closing balance' },
      expr: { sub: [{ add: [{ field: 'openingBalance' }, { field: 'totalIncome' }] }, { field: 'totalExpenditure' }] },
      format: 'money',
    },
    {
      key: 'festivalGiftsPerMember',
      label: { zh: '人均节日慰问品', en: 'Festival gifts per member' },
      expr: { floor: { div: [{ field: 'festivalGifts' }, { field: 'members' }] } },
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
