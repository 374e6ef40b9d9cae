/**
 * 建会申请 (union-registration), DOMAIN.md process 1: an enterprise founding its own union
 * (单独建会) or a building/park/industry founding a union federation (工会联合会), with
 * "one plan per enterprise" (一企一方案). Targets for 2019: 25 and 20 respectively.
 *
 * Attachments (business licence 营业执照, preparatory meeting minutes 筹备会议纪要, member
 * list 会员名册) are handed in on paper in v1: adding fields changes what a v1 submission may
 * hold, so they belong in v2 of this form, now that the attachment field type exists.
 */
import { opt, t } from './declare.js';
import type { ChoiceOption, Condition, FieldDecl, FormDeclaration, Text } from './language.js';

export const FEDERATION_KINDS = ['area-federation', 'industry-federation'];
const isEnterprise: Condition = { field: 'kind', equals: 'enterprise' };
const isFederationKind: Condition = { field: 'kind', in: FEDERATION_KINDS };
/** 女职工委员会: required where a union has at least this many female members. */
export const WOMEN_COMMITTEE_THRESHOLD = 10;
const needsWomenCommittee: Condition = { field: 'intendedFemaleMembers', gte: WOMEN_COMMITTEE_THRESHOLD };

export const STREETS: ChoiceOption[] = [
  opt('dinghailu', '定海路街道', 'Dinghailu'),
  opt('pingliang', '平凉路街道', 'Pingliang'),
  opt('jiangpu', '江浦路街道', 'Jiangpu'),
  opt('siping', '四平路街道', 'Siping'),
  opt('kongjiang', '控江路街道', 'Kongjiang'),
  opt('changbai', '长白新村街道', 'Changbai'),
  opt('yanji', '延吉新村街道', 'Yanji'),
  opt('yinhang', '殷行街道', 'Yinhang'),
  opt('daqiao', '大桥街道', 'Daqiao'),
  opt('wujiaochang', '五角场街道', 'Wujiaochang'),
  opt('xinjiangwancheng', '新江湾城街道', 'Xinjiangwancheng'),
  opt('changhai', '长海路街道', 'Changhai'),
];

const person = (key: string, zh: string, en: string, extra: { required?: boolean; help?: Text } = {}): FieldDecl => ({
  key,
  type: 'text',
  label: t(zh, en),
  maxLength: 50,
  ...extra,
});
const count = (key: string, zh: string, en: string, min: number): FieldDecl => ({
  key,
  type: 'integer',
  label: t(zh, en),
  required: true,
  min,
  max: 1_000_000,
});

export const unionRegistration: FormDeclaration = {
  id: 'union-registration',
  version: 1,
  title: t('建会申请', 'Union registration'),
  description: t(
    '企业单独建会或楼宇、园区、行业组建工会联合会的申请，一企一方案。',
    'Application to found an enterprise union or a building, park or industry union federation; one plan per enterprise.',
  ),
  sections: [
    {
      key: 'organisation',
      title: t('建会单位', 'Organisation'),
      fields: [
        {
          key: 'kind',
          type: 'choice',
          label: t('建会类型', 'Kind'),
          required: true,
          options: [
            opt('enterprise', '企业单独建会', 'Enterprise union'),
            opt('area-federation', '区域(楼宇、园区)工会联合会', 'Area (building, park) union federation'),
            opt('industry-federation', '行业工会联合会', 'Industry union federation'),
          ],
        },
        { key: 'name', type: 'text', label: t('单位名称', 'Name'), required: true, maxLength: 100 },
        {
          key: 'creditCode',
          type: 'creditCode',
          label: t('统一社会信用代码', 'Unified social credit code'),
          help: t('18 位，见营业执照；企业单独建会必填', '18 characters, on the business licence; required for an enterprise'),
        },
        {
          key: 'ownership',
          type: 'choice',
          label: t('经济类型', 'Ownership'),
          required: true,
          options: [
            opt('state', '国有', 'State-owned'),
            opt('collective', '集体', 'Collective'),
            opt('private', '私营', 'Private'),
            opt('foreign', '外资', 'Foreign-invested'),
            opt('hmt', '港澳台', 'Hong Kong, Macao, Taiwan'),
            opt('other', '其他', 'Other'),
          ],
        },
        { key: 'industry', type: 'text', label: t('所属行业', 'Industry'), required: true, maxLength: 50 },
        { key: 'largeEnterprise', type: 'flag', label: t('规模企业', 'Large enterprise') },
        { key: 'keyEnterprise', type: 'flag', label: t('重点企业', 'Key enterprise') },
        { key: 'street', type: 'choice', label: t('所属街道', 'Street'), required: true, options: STREETS },
        { key: 'address', type: 'text', label: t('地址', 'Address'), required: true, maxLength: 200 },
      ],
    },
    {
      key: 'workforce',
      title: t('职工与会员', 'Employees and members'),
      fields: [
        count('employees', '职工人数', 'Employees', 1),
        count('femaleEmployees', '女职工人数', 'Female employees', 0),
        count('intendedMembers', '拟发展会员数', 'Intended members', 1),
        count('intendedFemaleMembers', '其中女会员数', 'Of whom female', 0),
      ],
    },
    {
      key: 'coverage',
      title: t('联合会覆盖企业', 'Enterprises covered by the federation'),
      help: t(
        '工会联合会覆盖的各企业；职工人数合计应等于联合会职工人数',
        'The enterprises the federation covers; their employees add up to the federation’s',
      ),
      when: isFederationKind,
      fields: [
        {
          key: 'coveredEnterprises',
          type: 'group',
          label: t('覆盖企业', 'Covered enterprises'),
          required: true,
          // A federation joins several small enterprises; one alone would found its own union.
          minRows: 2,
          maxRows: 500,
          fields: [
            { key: 'name', type: 'text', label: t('企业名称', 'Enterprise name'), required: true, maxLength: 100 },
            { key: 'creditCode', type: 'creditCode', label: t('统一社会信用代码', 'Unified social credit code'), required: true },
            { key: 'employees', type: 'integer', label: t('职工人数', 'Employees'), required: true, min: 1, max: 1_000_000 },
          ],
        },
      ],
    },
    {
      key: 'preparation',
      title: t('筹备组', 'Preparatory group'),
      fields: [
        person('leaderName', '筹备组负责人', 'Preparatory group leader', { required: true }),
        { key: 'leaderMobile', type: 'mobile', label: t('联系手机', 'Mobile'), required: true },
        { key: 'foundingMeetingDate', type: 'date', label: t('拟召开会员大会日期', 'Planned founding meeting'), required: true },
        {
          key: 'committeeSize',
          type: 'integer',
          label: t('拟设委员会委员人数', 'Committee size'),
          required: true,
          min: 3,
          max: 21,
        },
      ],
    },
    {
      key: 'candidates',
      title: t('主席人选', 'Chair candidate'),
      fields: [
        person('chairCandidate', '主席候选人', 'Chair candidate', { required: true }),
        person('legalRepresentative', '企业法定代表人', 'Legal representative', {
          help: t('企业单独建会必填', 'Required for an enterprise'),
        }),
        {
          key: 'chairDeclaration',
          type: 'declaration',
          label: t('候选人声明', 'Candidate declaration'),
          statement: t(
            '主席候选人不是企业主要负责人及其近亲属（企业主要负责人及其近亲属不得作为工会委员会委员人选）。',
            'The chair candidate is neither a principal of the enterprise nor a close relative of one (they may not stand for the union committee).',
          ),
        },
      ],
    },
    {
      key: 'women',
      title: t('女职工委员会', 'Women workers’ committee'),
      help: t('女会员 10 人以上的，应建立女职工委员会', 'Required with 10 or more female members'),
      fields: [
        { key: 'womenCommittee', type: 'flag', label: t('同时建立女职工委员会', 'Found a women workers’ committee') },
        person('womenCommitteeChair', '女职工委员会主任人选', 'Women’s committee chair candidate'),
      ],
    },
    {
      key: 'plan',
      title: t('一企一方案', 'Plan'),
      fields: [
        {
          key: 'plan',
          type: 'longtext',
          label: t('建会方案', 'Founding plan'),
          help: t('筹备步骤、时间安排、会员发展和经费保障', 'Steps, timetable, recruiting members, funding'),
          required: true,
          minLength: 20,
          maxLength: 10_000,
        },
      ],
    },
  ],
  rules: [
    {
      kind: 'requiredWhen',
      field: 'creditCode',
      when: isEnterprise,
      message: t('企业单独建会须填写统一社会信用代码', 'An enterprise must give its unified social credit code'),
    },
    {
      kind: 'requiredWhen',
      field: 'legalRepresentative',
      when: isEnterprise,
      message: t('企业单独建会须填写企业法定代表人', 'An enterprise must name its legal representative'),
    },
    {
      kind: 'lte',
      field: 'femaleEmployees',
      other: 'employees',
      message: t('女职工人数不能多于职工人数', 'Female employees cannot exceed employees'),
    },
    {
      kind: 'lte',
      field: 'intendedMembers',
      other: 'employees',
      message: t('拟发展会员数不能多于职工人数', 'Intended members cannot exceed employees'),
    },
    {
      kind: 'lte',
      field: 'intendedFemaleMembers',
      other: 'intendedMembers',
      message: t('女会员数不能多于拟发展会员数', 'Female members cannot exceed intended members'),
    },
    {
      kind: 'lte',
      field: 'intendedFemaleMembers',
      other: 'femaleEmployees',
      message: t('女会员数不能多于女职工人数', 'Female members cannot exceed female employees'),
    },
    {
      // Committee members are elected from the members, so there cannot be more of them.
      kind: 'lte',
      field: 'committeeSize',
      other: 'intendedMembers',
      message: t('委员人数不能多于拟发展会员数', 'The committee cannot be larger than the membership'),
    },
    {
      kind: 'sumEquals',
      group: 'coveredEnterprises',
      column: 'employees',
      total: 'employees',
      when: isFederationKind,
      message: t(
        '覆盖企业职工人数合计应等于联合会职工人数',
        'The covered enterprises’ employees must add up to the federation’s employees',
      ),
    },
    {
      kind: 'dateAfterToday',
      field: 'foundingMeetingDate',
      message: t('拟召开会员大会日期应晚于今天', 'The founding meeting must be after today'),
    },
    {
      kind: 'differs',
      field: 'legalRepresentative',
      other: 'chairCandidate',
      message: t(
        '企业主要负责人及其近亲属不得作为工会委员会委员人选：主席候选人不能是企业法定代表人',
        'The chair candidate may not be the enterprise’s legal representative',
      ),
    },
    {
      kind: 'equalsWhen',
      field: 'womenCommittee',
      value: true,
      when: needsWomenCommittee,
      message: t('女会员 10 人以上的应建立女职工委员会', 'With 10 or more female members a women workers’ committee is required'),
    },
    {
      kind: 'requiredWhen',
      field: 'womenCommitteeChair',
      when: needsWomenCommittee,
      message: t('请填写女职工委员会主任人选', 'Name the women workers’ committee chair candidate'),
    },
  ],
  computed: [
    {
      key: 'isFederation',
      label: t('是否工会联合会', 'Is a federation'),
      expr: { test: isFederationKind },
      format: 'flag',
    },
    {
      key: 'coveredEmployeesTotal',
      label: t('覆盖企业职工人数合计', 'Employees of covered enterprises'),
      // No total until there is a row to add up.
      expr: {
        if: { expr: { gt: [{ rows: 'coveredEnterprises' }, 0] } },
        then: { sumRows: { group: 'coveredEnterprises', column: 'employees' } },
        else: null,
      },
      format: 'integer',
    },
    {
      key: 'womenCommitteeRequired',
      label: t('须建立女职工委员会', 'Women workers’ committee required'),
      expr: { test: needsWomenCommittee },
      format: 'flag',
    },
    {
      key: 'membershipRate',
      label: t('入会率(%)', 'Membership rate (%)'),
      // Rounded down: a union of 199 out of 200 is not yet at 100 %.
      expr: {
        if: { expr: { gt: [{ field: 'employees' }, 0] } },
        then: { floor: { div: [{ mul: [{ field: 'intendedMembers' }, 100] }, { field: 'employees' }] } },
        else: null,
      },
      format: 'percent',
    },
  ],
  example: {
    kind: 'enterprise',
    name: '上海杨浦示例科技有限公司',
    // 310110 = Yangpu District; Q is the GB 32100-2015 check character of the first 17.
    creditCode: '91310110MA1FL3K2XQ',
    ownership: 'private',
    industry: '软件和信息技术服务业',
    largeEnterprise: true,
    keyEnterprise: false,
    street: 'wujiaochang',
    address: '上海市杨浦区国定路 100 号',
    employees: 120,
    femaleEmployees: 50,
    intendedMembers: 100,
    intendedFemaleMembers: 40,
    leaderName: '李明',
    leaderMobile: '13800138000',
    foundingMeetingDate: { $today: 30 },
    committeeSize: 7,
    chairCandidate: '王芳',
    legalRepresentative: '张伟',
    chairDeclaration: true,
    womenCommittee: true,
    womenCommitteeChair: '陈静',
    plan: '一、成立筹备组；二、宣传发动并发展会员；三、召开会员大会选举工会委员会；四、报区总工会审批；五、落实工会经费。',
  },
};
