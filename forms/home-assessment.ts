/**
 * 职工之家建设自评 (home-assessment), DOMAIN.md process 2: a grassroots union scores itself
 * against the year's checklist; the street re-scores, the district gives the final grade and
 * decides whether to recommend it as a 模范职工之家. The criteria change by year, which is why
 * they are declared here, not coded: next year's checklist is a new version of this file.
 *
 * Sections total 90; 会员评家 (member-evaluation answers) gives the last 10. The server copies
 * the evaluation round's tally into the read-only `eval*` fields; the union cannot type them.
 */
import { opt, t } from './declare.js';
import type { ComputedDecl, Expr, FieldDecl, FieldSource, FormDeclaration, SectionDecl, Text } from './language.js';

type Item = { key: string; max: number; label: Text; help: Text };
type Part = { key: string; computed: string; title: Text; items: Item[] };

const item = (key: string, max: number, zh: string, en: string, helpZh: string, helpEn: string): Item => ({
  key,
  max,
  label: t(zh, en),
  help: t(helpZh, helpEn),
});

/** The checklist: section maxima 20, 20, 20, 15, 15. */
export const CHECKLIST: readonly Part[] = [
  {
    key: 'organisation',
    computed: 'sec_org',
    title: t('组织建设（20 分）', 'Organisation (20 points)'),
    items: [
      item(
        'org_committee',
        8,
        '工会委员会',
        'Union committee',
        '按期换届，委员会、经审会、女职工委员会健全',
        'Elected on time; committee, funds audit and women’s committees in place',
      ),
      item(
        'org_members',
        6,
        '会员发展与管理',
        'Members',
        '职工入会率、会籍管理和会员实名制',
        'Membership rate, records and real-name registration',
      ),
      item('org_rules', 6, '制度建设', 'Rules', '工会工作制度健全并执行', 'Written rules for the union’s work, and kept'),
    ],
  },
  {
    key: 'democracy',
    computed: 'sec_democracy',
    title: t('民主管理（20 分）', 'Democratic management (20 points)'),
    items: [
      item(
        'dem_congress',
        8,
        '职工代表大会',
        'Workers’ congress',
        '职代会按期召开，职权落实',
        'The workers’ congress meets on time and exercises its powers',
      ),
      item(
        'dem_openness',
        6,
        '厂务公开',
        'Openness of company affairs',
        '厂务公开内容、形式和监督',
        'What is made public, how, and who checks',
      ),
      item(
        'dem_bargaining',
        6,
        '集体协商',
        'Collective bargaining',
        '工资集体协商和集体合同签订履行',
        'Collective wage bargaining; collective contract signed and kept',
      ),
    ],
  },
  {
    key: 'rights',
    computed: 'sec_rights',
    title: t('维权服务（20 分）', 'Rights and services (20 points)'),
    items: [
      item(
        'rights_aid',
        8,
        '困难职工帮扶',
        'Help for members in hardship',
        '帮扶台账、送温暖和互助保障',
        'Records of help, winter relief and mutual insurance',
      ),
      item(
        'rights_nursing',
        6,
        '爱心妈咪小屋',
        'Nursing room',
        '爱心妈咪小屋建设和使用',
        'A nursing room for working mothers, and its use',
      ),
      item(
        'rights_relay',
        6,
        '户外职工爱心接力站、“会站家”阵地',
        'Outdoor workers’ rest station',
        '户外职工爱心接力站或“会、站、家”一体化阵地建设和开放',
        'A rest station for outdoor workers or a combined union–station–home site, open to them',
      ),
    ],
  },
  {
    key: 'culture',
    computed: 'sec_culture',
    title: t('文体与素质（15 分）', 'Culture and skills (15 points)'),
    items: [
      item(
        'culture_library',
        5,
        '职工书屋',
        'Workers’ library',
        '职工书屋建设和借阅活动',
        'A library for workers, and reading activities',
      ),
      item(
        'culture_activities',
        5,
        '文体活动',
        'Sports and culture',
        '全年文体活动开展情况',
        'Sports and cultural activities through the year',
      ),
      item(
        'culture_skills',
        5,
        '技能培训与“五小”创新',
        'Skills training and small innovations',
        '技能培训、劳动竞赛和“五小”（小发明、小创造、小革新、小设计、小建议）活动',
        'Training, skills competitions and the “five smalls” (small inventions, creations, improvements, designs, suggestions)',
      ),
    ],
  },
  {
    key: 'funds',
    computed: 'sec_funds',
    title: t('经费与资产（15 分）', 'Funds and assets (15 points)'),
    items: [
      item(
        'funds_accounting',
        8,
        '独立核算',
        'Separate accounts',
        '工会经费独立建账、独立核算',
        'The union keeps its own books and accounts',
      ),
      item(
        'funds_disclosure',
        7,
        '收支公开',
        'Disclosure of funds',
        '经费收支定期向会员公开',
        'Income and spending disclosed to members regularly',
      ),
    ],
  },
];

/** A self-score: whole points with an evidence note; the street checks the note against the files. */
const scoreField = (i: Item): FieldDecl => ({ ...i, type: 'score', required: true, noteRequired: true });

const tally = (key: string, zh: string, en: string, count: FieldSource['tally']): FieldDecl => ({
  key,
  type: 'integer',
  label: t(zh, en),
  readOnly: true,
  source: { kind: 'roundTally', purpose: 'evaluation', tally: count },
  min: 0,
  max: 1_000_000,
});

const f = (path: string): Expr => ({ field: path });
const approving: Expr = { add: [f('evalSatisfied'), f('evalBasic')] };

const sectionTotals: ComputedDecl[] = CHECKLIST.map((part) => ({
  key: part.computed,
  label: part.title,
  // Null until every item of the section is scored: a partial sum would read as a low score.
  expr: { add: part.items.map((i) => f(`${i.key}.score`)) },
  format: 'integer',
}));

const sections: SectionDecl[] = [
  {
    key: 'basics',
    title: t('基本情况', 'Basics'),
    fields: [
      { key: 'year', type: 'integer', label: t('自评年度', 'Year'), required: true, min: 2000, max: 2100 },
      { key: 'members', type: 'integer', label: t('会员人数', 'Members'), required: true, min: 1, max: 1_000_000 },
    ],
  },
  ...CHECKLIST.map((part) => ({
    key: part.key,
    title: part.title,
    help: t('逐项自评得分（整数），写明依据，可上传佐证材料', 'Score each item in whole points, say why, and attach evidence if you have it'),
    fields: part.items.map(scoreField),
  })),
  {
    key: 'evaluation',
    title: t('会员评家（10 分）', 'Member evaluation (10 points)'),
    help: t(
      '由系统根据会员评家问卷的“总体评价”汇总填入，工会不能填写',
      'Filled in by the system from the “overall” answers of the member evaluation; the union cannot type them',
    ),
    fields: [
      tally('evalAnswers', '答卷数', 'Answers', 'answers'),
      tally('evalSatisfied', '满意', 'Satisfied', 'satisfied'),
      tally('evalBasic', '基本满意', 'Basically satisfied', 'basic'),
      tally('evalUnsatisfied', '不满意', 'Unsatisfied', 'unsatisfied'),
    ],
  },
  {
    key: 'district',
    title: t('区总工会审核', 'District review'),
    help: t('由区总工会在审核环节填写', 'Filled in by the district federation when it reviews'),
    fields: [
      {
        key: 'districtGrade',
        type: 'choice',
        label: t('审定等级', 'Final grade'),
        options: [opt('excellent', '优秀', 'Excellent'), opt('qualified', '合格', 'Qualified'), opt('unqualified', '不合格', 'Unqualified')],
      },
      { key: 'recommendModel', type: 'flag', label: t('推荐模范职工之家', 'Recommend as a model workers’ home') },
      { key: 'districtOpinion', type: 'longtext', label: t('审核意见', 'Opinion'), maxLength: 2000 },
    ],
  },
];

export const homeAssessment: FormDeclaration = {
  id: 'home-assessment',
  version: 1,
  title: t('职工之家建设自评', 'Workers’ home self-assessment'),
  description: t(
    '基层工会按年度标准自评职工之家建设，会员评家计入得分；街道复核，区总工会审定等级并决定是否推荐模范职工之家。',
    'A grassroots union scores its workers’ home against the year’s criteria, with the members’ evaluation counted in; the street checks, the district sets the grade and decides on recommending it as a model.',
  ),
  sections,
  params: {
    modelMinTotal: { label: t('推荐模范职工之家的最低总分', 'Lowest total for a model home'), value: 90 },
    modelMinSatisfaction: { label: t('推荐模范职工之家的最低满意率(%)', 'Lowest satisfaction rate for a model home (%)'), value: 85 },
    modelMinAnswers: { label: t('会员评家最少答卷数', 'Fewest evaluation answers'), value: 20 },
    modelAnswerSharePercent: {
      label: t('会员评家答卷占会员人数的最低比例(%)', 'Fewest evaluation answers as a share of members (%)'),
      value: 30,
    },
  },
  rules: [
    {
      kind: 'requiredWhen',
      field: 'districtOpinion',
      when: { field: 'districtGrade', equals: 'unqualified' },
      message: t('审定为不合格的，须写明审核意见', 'Give an opinion when the grade is unqualified'),
    },
    {
      // The district decides; the warning makes sure it does so knowingly.
      kind: 'assert',
      field: 'recommendModel',
      that: { any: [{ not: { field: 'recommendModel', equals: true } }, { field: 'modelEligible', equals: true }] },
      severity: 'warning',
      message: t(
        '未达到模范职工之家推荐条件（总分 90 分以上、满意率 85% 以上、答卷数达到要求）',
        'Not eligible as a model workers’ home (total 90+, satisfaction 85 %+, enough answers)',
      ),
    },
  ],
  computed: [
    ...sectionTotals,
    {
      key: 'memberEvaluationScore',
      label: t('会员评家得分', 'Member evaluation score'),
      // 10 × satisfaction rate, rounded down; 0 before any member has answered.
      expr: {
        if: { expr: { gt: [f('evalAnswers'), 0] } },
        then: { floor: { div: [{ mul: [10, approving] }, f('evalAnswers')] } },
        else: 0,
      },
      format: 'integer',
    },
    {
      key: 'satisfactionRate',
      label: t('满意率(%)', 'Satisfaction rate (%)'),
      // Percentage points with one decimal, rounded down (85.7 means 85.7 %): rounding up
      // could lift 84.96 % over an 85 % threshold. Null while there are no answers.
      expr: { div: [{ floor: { div: [{ mul: [1000, approving] }, f('evalAnswers')] } }, 10] },
      format: 'percent',
    },
    {
      key: 'total',
      label: t('总分', 'Total'),
      expr: { add: [...sectionTotals.map((s) => f(s.key)), f('memberEvaluationScore')] },
      format: 'integer',
    },
    {
      key: 'grade',
      label: t('自评等级', 'Grade'),
      expr: {
        bands: f('total'),
        of: [
          { min: 90, value: 'excellent' },
          { min: 75, value: 'qualified' },
          { min: 0, value: 'unqualified' },
        ],
      },
      format: 'text',
    },
    {
      key: 'modelEligible',
      label: t('符合模范职工之家推荐条件', 'Eligible as a model workers’ home'),
      // Null (undecided) until the evaluation tally is in.
      expr: {
        test: {
          all: [
            { expr: { gte: [f('total'), { param: 'modelMinTotal' }] } },
            { expr: { gte: [f('satisfactionRate'), { param: 'modelMinSatisfaction' }] } },
            {
              expr: {
                gte: [
                  f('evalAnswers'),
                  {
                    max: [
                      { param: 'modelMinAnswers' },
                      { ceil: { div: [{ mul: [f('members'), { param: 'modelAnswerSharePercent' }] }, 100] } },
                    ],
                  },
                ],
              },
            },
          ],
        },
      },
      format: 'flag',
    },
  ],
  example: {
    year: 2025,
    members: 120,
    org_committee: { score: 7, note: '2023 年按期换届，经审会、女职工委员会健全' },
    org_members: { score: 5, note: '入会率 96%，会员实名制录入完成' },
    org_rules: { score: 6, note: '工会工作制度汇编 12 项，均已执行' },
    dem_congress: { score: 8, note: '职代会每年召开，审议通过集体合同' },
    dem_openness: { score: 5, note: '厂务公开栏每季度更新' },
    dem_bargaining: { score: 5, note: '2025 年工资集体协商协议已签订' },
    rights_aid: { score: 7, note: '困难职工帮扶台账 6 户，送温暖全覆盖' },
    rights_nursing: { score: 6, note: '爱心妈咪小屋已建成并开放' },
    rights_relay: { score: 5, note: '与街道共建户外职工爱心接力站' },
    culture_library: { score: 4, note: '职工书屋藏书 1,200 册' },
    culture_activities: { score: 5, note: '全年文体活动 8 次' },
    culture_skills: { score: 4, note: '技能培训 3 期，“五小”成果 5 项' },
    funds_accounting: { score: 8, note: '工会经费独立建账' },
    funds_disclosure: { score: 7, note: '每季度公开收支' },
  },
};
