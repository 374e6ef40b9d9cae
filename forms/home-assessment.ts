/**
 * 职工之家建设自评 (home-assessment), DOMAIN.md process 2: a grassroots union scores itself
 * against the year's checklist; the street re-scores, the district gives the final grade and
 * decides whether to recommend it as a 模范职工之家. The criteria change by year, which is why
 * they are declared here, not coded: next year's checklist is a new version of this
 * declaration, its section totals (`sum` of a section's scores) following its items.
 *
 * Sections total 90 (20, 20, 20, 15, 15); 会员评家 (member-evaluation answers) gives the last
 * 10. The server copies the evaluation round's tally into the read-only `eval*` fields; the
 * union cannot type them. Each item is a self-score in whole points with an evidence note;
 * the street checks the note against the files.
 */
import type { FormDeclaration } from './language.js';

export const homeAssessment: FormDeclaration = {
  id: 'home-assessment',
  version: 1,
  title: { zh: '职工之家建设自评', en: 'Workers’ home self-assessment' },
  description: {
    zh: '基层工会按年度标准自评职工之家建设，会员评家计入得分；街道复核，区总工会审定等级并决定是否推荐模范职工之家。',
    en: 'A grassroots union scores its workers’ home against the year’s criteria, with the members’ evaluation counted in; the street checks, the district sets the grade and decides on recommending it as a model.',
  },
  sections: [
    {
      key: 'basics',
      title: { zh: '基本情况', en: 'Basics' },
      fields: [
        { key: 'year', type: 'integer', label: { zh: '自评年度', en: 'Year' }, required: true, min: 2000, max: 2100 },
        { key: 'members', type: 'integer', label: { zh: '会员人数', en: 'Members' }, required: true, min: 1, max: 1_000_000 },
      ],
    },
    {
      key: 'organisation',
      title: { zh: '组织建设（20 分）', en: 'Organisation (20 points)' },
      help: { zh: '逐项自评得分（整数），写明依据，可上传佐证材料', en: 'Score each item in whole points, say why, and attach evidence if you have it' },
      fields: [
        {
          key: 'org_committee',
          type: 'score',
          label: { zh: '工会委员会', en: 'Union committee' },
          help: { zh: '按期换届，委员会、经审会、女职工委员会健全', en: 'Elected on time; committee, funds audit and women’s committees in place' },
          max: 8,
          required: true,
          noteRequired: true,
        },
        {
          key: 'org_members',
          type: 'score',
          label: { zh: '会员发展与管理', en: 'Members' },
          help: { zh: '职工入会率、会籍管理和会员实名制', en: 'Membership rate, records and real-name registration' },
          max: 6,
          required: true,
          noteRequired: true,
        },
        {
          key: 'org_rules',
          type: 'score',
          label: { zh: '制度建设', en: 'Rules' },
          help: { zh: '工会工作制度健全并执行', en: 'Written rules for the union’s work, and kept' },
          max: 6,
          required: true,
          noteRequired: true,
        },
      ],
    },
    {
      key: 'democracy',
      title: { zh: '民主管理（20 分）', en: 'Democratic management (20 points)' },
      help: { zh: '逐项自评得分（整数），写明依据，可上传佐证材料', en: 'Score each item in whole points, say why, and attach evidence if you have it' },
      fields: [
        {
          key: 'dem_congress',
          type: 'score',
          label: { zh: '职工代表大会', en: 'Workers’ congress' },
          help: { zh: '职代会按期召开，职权落实', en: 'The workers’ congress meets on time and exercises its powers' },
          max: 8,
          required: true,
          noteRequired: true,
        },
        {
          key: 'dem_openness',
          type: 'score',
          label: { zh: '厂务公开', en: 'Openness of company affairs' },
          help: { zh: '厂务公开内容、形式和监督', en: 'What is made public, how, and who checks' },
          max: 6,
          required: true,
          noteRequired: true,
        },
        {
          key: 'dem_bargaining',
          type: 'score',
          label: { zh: '集体协商', en: 'Collective bargaining' },
          help: { zh: '工资集体协商和集体合同签订履行', en: 'Collective wage bargaining; collective contract signed and kept' },
          max: 6,
          required: true,
          noteRequired: true,
        },
      ],
    },
    {
      key: 'rights',
      title: { zh: '维权服务（20 分）', en: 'Rights and services (20 points)' },
      help: { zh: '逐项自评得分（整数），写明依据，可上传佐证材料', en: 'Score each item in whole points, say why, and attach evidence if you have it' },
      fields: [
        {
          key: 'rights_aid',
          type: 'score',
          label: { zh: '困难职工帮扶', en: 'Help for members in hardship' },
          help: { zh: '帮扶台账、送温暖和互助保障', en: 'Records of help, winter relief and mutual insurance' },
          max: 8,
          required: true,
          noteRequired: true,
        },
        {
          key: 'rights_nursing',
          type: 'score',
          label: { zh: '爱心妈咪小屋', en: 'Nursing room' },
          help: { zh: '爱心妈咪小屋建设和使用', en: 'A nursing room for working mothers, and its use' },
          max: 6,
          required: true,
          noteRequired: true,
        },
        {
          key: 'rights_relay',
          type: 'score',
          label: { zh: '户外职工爱心接力站、“会站家”阵地', en: 'Outdoor workers’ rest station' },
          help: {
            zh: '户外职工爱心接力站或“会、站、家”一体化阵地建设和开放',
            en: 'A rest station for outdoor workers or a combined union–station–home site, open to them',
          },
          max: 6,
          required: true,
          noteRequired: true,
        },
      ],
    },
    {
      key: 'culture',
      title: { zh: '文体与素质（15 分）', en: 'Culture and skills (15 points)' },
      help: { zh: '逐项自评得分（整数），写明依据，可上传佐证材料', en: 'Score each item in whole points, say why, and attach evidence if you have it' },
      fields: [
        {
          key: 'culture_library',
          type: 'score',
          label: { zh: '职工书屋', en: 'Workers’ library' },
          help: { zh: '职工书屋建设和借阅活动', en: 'A library for workers, and reading activities' },
          max: 5,
          required: true,
          noteRequired: true,
        },
        {
          key: 'culture_activities',
          type: 'score',
          label: { zh: '文体活动', en: 'Sports and culture' },
          help: { zh: '全年文体活动开展情况', en: 'Sports and cultural activities through the year' },
          max: 5,
          required: true,
          noteRequired: true,
        },
        {
          key: 'culture_skills',
          type: 'score',
          label: { zh: '技能培训与“五小”创新', en: 'Skills training and small innovations' },
          help: {
            zh: '技能培训、劳动竞赛和“五小”（小发明、小创造、小革新、小设计、小建议）活动',
            en: 'Training, skills competitions and the “five smalls” (small inventions, creations, improvements, designs, suggestions)',
          },
          max: 5,
          required: true,
          noteRequired: true,
        },
      ],
    },
    {
      key: 'funds',
      title: { zh: '经费与资产（15 分）', en: 'Funds and assets (15 points)' },
      help: { zh: '逐项自评得分（整数），写明依据，可上传佐证材料', en: 'Score each item in whole points, say why, and attach evidence if you have it' },
      fields: [
        {
          key: 'funds_accounting',
          type: 'score',
          label: { zh: '独立核算', en: 'Separate accounts' },
          help: { zh: '工会经费独立建账、独立核算', en: 'The union keeps its own books and accounts' },
          max: 8,
          required: true,
          noteRequired: true,
        },
        {
          key: 'funds_disclosure',
          type: 'score',
          label: { zh: '收支公开', en: 'Disclosure of funds' },
          help: { zh: '经费收支定期向会员公开', en: 'Income and spending disclosed to members regularly' },
          max: 7,
          required: true,
          noteRequired: true,
        },
      ],
    },
    {
      key: 'evaluation',
      title: { zh: '会员评家（10 分）', en: 'Member evaluation (10 points)' },
      help: {
        zh: '由系统根据会员评家问卷的“总体评价”汇总填入，工会不能填写',
        en: 'Filled in by the system from the “overall” answers of the member evaluation; the union cannot type them',
      },
      fields: [
        {
          key: 'evalAnswers',
          type: 'integer',
          label: { zh: '答卷数', en: 'Answers' },
          readOnly: true,
          source: { kind: 'roundTally', purpose: 'evaluation', tally: 'answers' },
          min: 0,
          max: 1_000_000,
        },
        {
          key: 'evalSatisfied',
          type: 'integer',
          label: { zh: '满意', en: 'Satisfied' },
          readOnly: true,
          source: { kind: 'roundTally', purpose: 'evaluation', tally: 'satisfied' },
          min: 0,
          max: 1_000_000,
        },
        {
          key: 'evalBasic',
          type: 'integer',
          label: { zh: '基本满意', en: 'Basically satisfied' },
          readOnly: true,
          source: { kind: 'roundTally', purpose: 'evaluation', tally: 'basic' },
          min: 0,
          max: 1_000_000,
        },
        {
          key: 'evalUnsatisfied',
          type: 'integer',
          label: { zh: '不满意', en: 'Unsatisfied' },
          readOnly: true,
          source: { kind: 'roundTally', purpose: 'evaluation', tally: 'unsatisfied' },
          min: 0,
          max: 1_000_000,
        },
      ],
    },
    {
      key: 'district',
      title: { zh: '区总工会审核', en: 'District review' },
      help: { zh: '由区总工会在审核环节填写', en: 'Filled in by the district federation when it reviews' },
      fields: [
        {
          key: 'districtGrade',
          type: 'choice',
          label: { zh: '审定等级', en: 'Final grade' },
          options: [
            { value: 'excellent', label: { zh: '优秀', en: 'Excellent' } },
            { value: 'qualified', label: { zh: '合格', en: 'Qualified' } },
            { value: 'unqualified', label: { zh: '不合格', en: 'Unqualified' } },
          ],
        },
        { key: 'recommendModel', type: 'flag', label: { zh: '推荐模范职工之家', en: 'Recommend as a model workers’ home' } },
        { key: 'districtOpinion', type: 'longtext', label: { zh: '审核意见', en: 'Opinion' }, maxLength: 2000 },
      ],
    },
  ],
  params: {
    modelMinTotal: { label: { zh: '推荐模范职工之家的最低总分', en: 'Lowest total for a model home' }, value: 90 },
    modelMinSatisfaction: { label: { zh: '推荐模范职工之家的最低满意率(%)', en: 'Lowest satisfaction rate for a model home (%)' }, value: 85 },
    modelMinAnswers: { label: { zh: '会员评家最少答卷数', en: 'Fewest evaluation answers' }, value: 20 },
    modelAnswerSharePercent: {
      label: { zh: '会员评家答卷占会员人数的最低比例(%)', en: 'Fewest evaluation answers as a share of members (%)' },
      value: 30,
    },
  },
  rules: [
    {
      kind: 'requiredWhen',
      field: 'districtOpinion',
      when: { field: 'districtGrade', equals: 'unqualified' },
      message: { zh: '审定为不合格的，须写明审核意见', en: 'Give an opinion when the grade is unqualified' },
    },
    {
      // The district decides; the warning makes sure it does so knowingly.
      kind: 'assert',
      field: 'recommendModel',
      that: { any: [{ not: { field: 'recommendModel', equals: true } }, { field: 'modelEligible', equals: true }] },
      severity: 'warning',
      message: {
        zh: '未达到模范职工之家推荐条件（总分 {param:modelMinTotal} 分以上、满意率 {param:modelMinSatisfaction}% 以上、答卷数不少于 {param:modelMinAnswers} 份且不少于会员人数的 {param:modelAnswerSharePercent}%）',
        en: 'Not eligible as a model workers’ home (total {param:modelMinTotal}+, satisfaction {param:modelMinSatisfaction} %+, at least {param:modelMinAnswers} answers and {param:modelAnswerSharePercent} % of the members)',
      },
    },
  ],
  computed: [
    {
      // Each section's total: null until every item of the section is scored, as a partial sum
      // would read as a low score.
      key: 'sec_org',
      label: { zh: '组织建设（20 分）', en: 'Organisation (20 points)' },
      expr: { sum: { of: 'score', section: 'organisation' } },
      format: 'integer',
    },
    {
      key: 'sec_democracy',
      label: { zh: '民主管理（20 分）', en: 'Democratic management (20 points)' },
      expr: { sum: { of: 'score', section: 'democracy' } },
      format: 'integer',
    },
    {
      key: 'sec_rights',
      label: { zh: '维权服务（20 分）', en: 'Rights and services (20 points)' },
      expr: { sum: { of: 'score', section: 'rights' } },
      format: 'integer',
    },
    {
      key: 'sec_culture',
      label: { zh: '文体与素质（15 分）', en: 'Culture and skills (15 points)' },
      expr: { sum: { of: 'score', section: 'culture' } },
      format: 'integer',
    },
    {
      key: 'sec_funds',
      label: { zh: '经费与资产（15 分）', en: 'Funds and assets (15 points)' },
      expr: { sum: { of: 'score', section: 'funds' } },
      format: 'integer',
    },
    {
      key: 'memberEvaluationScore',
      label: { zh: '会员评家得分', en: 'Member evaluation score' },
      expr: {
        // 10 × satisfaction rate, rounded down; 0 before any member has answered.
        if: { expr: { gt: [{ field: 'evalAnswers' }, 0] } },
        then: {
          floor: {
            div: [{ mul: [10, { add: [{ field: 'evalSatisfied' }, { field: 'evalBasic' }] }] }, { field: 'evalAnswers' }],
          },
        },
        else: 0,
      },
      format: 'integer',
    },
    {
      key: 'satisfactionRate',
      label: { zh: '满意率(%)', en: 'Satisfaction rate (%)' },
      // Percentage points with one decimal, rounded down (85.7 means 85.7 %): rounding up
      // could lift 84.96 % over an 85 % threshold. Null while there are no answers.
      expr: {
        div: [
          {
            floor: {
              div: [{ mul: [1000, { add: [{ field: 'evalSatisfied' }, { field: 'evalBasic' }] }] }, { field: 'evalAnswers' }],
            },
          },
          10,
        ],
      },
      format: 'percent',
    },
    {
      key: 'total',
      label: { zh: '总分', en: 'Total' },
      // Every item of the checklist, and the member evaluation.
      expr: { add: [{ sum: { of: 'score' } }, { field: 'memberEvaluationScore' }] },
      format: 'integer',
    },
    {
      key: 'grade',
      label: { zh: '自评等级', en: 'Grade' },
      expr: {
        bands: { field: 'total' },
        of: [{ min: 90, value: 'excellent' }, { min: 75, value: 'qualified' }, { min: 0, value: 'unqualified' }],
      },
      format: 'text',
      options: [
        { value: 'excellent', label: { zh: '优秀', en: 'Excellent' } },
        { value: 'qualified', label: { zh: '合格', en: 'Qualified' } },
        { value: 'unqualified', label: { zh: '不合格', en: 'Unqualified' } },
      ],
    },
    {
      key: 'modelEligible',
      label: { zh: '符合模范职工之家推荐条件', en: 'Eligible as a model workers’ home' },
      expr: {
        // Null (undecided) until the evaluation tally is in.
        test: {
          all: [
            { expr: { gte: [{ field: 'total' }, { param: 'modelMinTotal' }] } },
            { expr: { gte: [{ field: 'satisfactionRate' }, { param: 'modelMinSatisfaction' }] } },
            {
              expr: {
                gte: [
                  { field: 'evalAnswers' },
                  {
                    max: [
                      { param: 'modelMinAnswers' },
                      { ceil: { div: [{ mul: [{ field: 'members' }, { param: 'modelAnswerSharePercent' }] }, 100] } },
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
