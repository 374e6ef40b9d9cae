/**
 * 建会申请 (union-registration), DOMAIN.md process 1: an enterprise founding its own union
 * (单独建会) or a building/park/industry founding a union federation (工会联合会), with
 * "one plan per enterprise" (一企一方案). Targets for 2019: 25 and 20 respectively.
 *
 * An enterprise gives its credit code and legal representative (fields shown for kind
 * `enterprise` only); a federation lists the enterprises it covers (a section shown while
 * `isFederation`). A women workers' committee is required from `womenCommitteeThreshold`
 * female members.
 *
 * Attachments (business licence 营业执照, preparatory meeting minutes 筹备会议纪要, member
 * list 会员名册) are handed in on paper in v1: adding fields changes what a v1 submission may
 * hold, so they belong in v2 of this form, now that the attachment field type exists.
 */
import type { FormDeclaration } from './language.js';

export const unionRegistration: FormDeclaration = {
  id: 'union-registration',
  version: 1,
  title: { zh: '建会申请', en: 'Union registration' },
  description: {
    zh: '企业单独建会或楼宇、园区、行业组建工会联合会的申请，一企一方案。',
    en: 'Application to found an enterprise union or a building, park or industry union federation; one plan per enterprise.',
  },
  sections: [
    {
      key: 'organisation',
      title: { zh: '建会单位', en: 'Organisation' },
      fields: [
        {
          key: 'kind',
          type: 'choice',
          label: { zh: '建会类型', en: 'Kind' },
          required: true,
          options: [
            { value: 'enterprise', label: { zh: '企业单独建会', en: 'Enterprise union' } },
            { value: 'area-federation', label: { zh: '区域(楼宇、园区)工会联合会', en: 'Area (building, park) union federation' } },
            { value: 'industry-federation', label: { zh: '行业工会联合会', en: 'Industry union federation' } },
          ],
        },
        { key: 'name', type: 'text', label: { zh: '单位名称', en: 'Name' }, required: true, maxLength: 100 },
        {
          key: 'creditCode',
          type: 'creditCode',
          label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
          help: { zh: '18 位，见营业执照；企业单独建会必填', en: '18 characters, on the business licence; required for an enterprise' },
          required: true,
          when: { field: 'kind', equals: 'enterprise' },
        },
        {
          key: 'ownership',
          type: 'choice',
          label: { zh: '经济类型', en: 'Ownership' },
          required: true,
          options: [
            { value: 'state', label: { zh: '国有', en: 'State-owned' } },
            { value: 'collective', label: { zh: '集体', en: 'Collective' } },
            { value: 'private', label: { zh: '私营', en: 'Private' } },
            { value: 'foreign', label: { zh: '外资', en: 'Foreign-invested' } },
            { value: 'hmt', label: { zh: '港澳台', en: 'Hong Kong, Macao, Taiwan' } },
            { value: 'other', label: { zh: '其他', en: 'Other' } },
          ],
        },
        { key: 'industry', type: 'text', label: { zh: '所属行业', en: 'Industry' }, required: true, maxLength: 50 },
        { key: 'largeEnterprise', type: 'flag', label: { zh: '规模企业', en: 'Large enterprise' } },
        { key: 'keyEnterprise', type: 'flag', label: { zh: '重点企业', en: 'Key enterprise' } },
        {
          key: 'street',
          type: 'choice',
          label: { zh: '所属街道', en: 'Street' },
          required: true,
          source: { kind: 'orgStreet' },
          options: [
            { value: 'dinghailu', label: { zh: '定海路街道', en: 'Dinghailu' } },
            { value: 'pingliang', label: { zh: '平凉路街道', en: 'Pingliang' } },
            { value: 'jiangpu', label: { zh: '江浦路街道', en: 'Jiangpu' } },
            { value: 'siping', label: { zh: '四平路街道', en: 'Siping' } },
            { value: 'kongjiang', label: { zh: '控江路街道', en: 'Kongjiang' } },
            { value: 'changbai', label: { zh: '长白新村街道', en: 'Changbai' } },
            { value: 'yanji', label: { zh: '延吉新村街道', en: 'Yanji' } },
            { value: 'yinhang', label: { zh: '殷行街道', en: 'Yinhang' } },
            { value: 'daqiao', label: { zh: '大桥街道', en: 'Daqiao' } },
            { value: 'wujiaochang', label: { zh: '五角场街道', en: 'Wujiaochang' } },
            { value: 'xinjiangwancheng', label: { zh: '新江湾城街道', en: 'Xinjiangwancheng' } },
            { value: 'changhai', label: { zh: '长海路街道', en: 'Changhai' } },
          ],
        },
        { key: 'address', type: 'text', label: { zh: '地址', en: 'Address' }, required: true, maxLength: 200 },
      ],
    },
    {
      key: 'workforce',
      title: { zh: '职工与会员', en: 'Employees and members' },
      fields: [
        { key: 'employees', type: 'integer', label: { zh: '职工人数', en: 'Employees' }, required: true, min: 1, max: 1_000_000 },
        {
          key: 'femaleEmployees',
          type: 'integer',
          label: { zh: '女职工人数', en: 'Female employees' },
          required: true,
          min: 0,
          max: 1_000_000,
        },
        {
          key: 'intendedMembers',
          type: 'integer',
          label: { zh: '拟发展会员数', en: 'Intended members' },
          required: true,
          min: 1,
          max: 1_000_000,
        },
        {
          key: 'intendedFemaleMembers',
          type: 'integer',
          label: { zh: '其中女会员数', en: 'Of whom female' },
          required: true,
          min: 0,
          max: 1_000_000,
        },
      ],
    },
    {
      key: 'coverage',
      title: { zh: '联合会覆盖企业', en: 'Enterprises covered by the federation' },
      help: {
        zh: '工会联合会覆盖的各企业；职工人数合计应等于联合会职工人数',
        en: 'The enterprises the federation covers; their employees add up to the federation’s',
      },
      when: { field: 'isFederation', equals: true },
      fields: [
        {
          key: 'coveredEnterprises',
          type: 'group',
          label: { zh: '覆盖企业', en: 'Covered enterprises' },
          required: true,
          // A federation joins several small enterprises; one alone would found its own union.
          minRows: 2,
          maxRows: 500,
          fields: [
            { key: 'name', type: 'text', label: { zh: '企业名称', en: 'Enterprise name' }, required: true, maxLength: 100 },
            {
              key: 'creditCode',
              type: 'creditCode',
              label: { zh: '统一社会信用代码', en: 'Unified social credit code' },
              required: true,
            },
            { key: 'employees', type: 'integer', label: { zh: '职工人数', en: 'Employees' }, required: true, min: 1, max: 1_000_000 },
          ],
        },
      ],
    },
    {
      key: 'preparation',
      title: { zh: '筹备组', en: 'Preparatory group' },
      fields: [
        {
          key: 'leaderName',
          type: 'text',
          label: { zh: '筹备组负责人', en: 'Preparatory group leader' },
          maxLength: 50,
          required: true,
        },
        { key: 'leaderMobile', type: 'mobile', label: { zh: '联系手机', en: 'Mobile' }, required: true },
        { key: 'foundingMeetingDate', type: 'date', label: { zh: '拟召开会员大会日期', en: 'Planned founding meeting' }, required: true },
        {
          key: 'committeeSize',
          type: 'integer',
          label: { zh: '拟设委员会委员人数', en: 'Committee size' },
          required: true,
          min: 3,
          max: 21,
        },
      ],
    },
    {
      key: 'candidates',
      title: { zh: '主席人选', en: 'Chair candidate' },
      fields: [
        { key: 'chairCandidate', type: 'text', label: { zh: '主席候选人', en: 'Chair candidate' }, maxLength: 50, required: true },
        {
          key: 'legalRepresentative',
          type: 'text',
          label: { zh: '企业法定代表人', en: 'Legal representative' },
          maxLength: 50,
          help: { zh: '企业单独建会必填', en: 'Required for an enterprise' },
          required: true,
          when: { field: 'kind', equals: 'enterprise' },
        },
        {
          key: 'chairDeclaration',
          type: 'declaration',
          label: { zh: '候选人声明', en: 'Candidate declaration' },
          statement: {
            zh: '主席候选人不是企业主要负责人及其近亲属（企业主要负责人及其近亲属不得作为工会委员会委员人选）。',
            en: 'The chair candidate is neither a principal of the enterprise nor a close relative of one (they may not stand for the union committee).',
          },
        },
      ],
    },
    {
      key: 'women',
      title: { zh: '女职工委员会', en: 'Women workers’ committee' },
      help: {
        zh: '女会员 {param:womenCommitteeThreshold} 人以上的，应建立女职工委员会',
        en: 'Required with {param:womenCommitteeThreshold} or more female members',
      },
      fields: [
        { key: 'womenCommittee', type: 'flag', label: { zh: '同时建立女职工委员会', en: 'Found a women workers’ committee' } },
        {
          key: 'womenCommitteeChair',
          type: 'text',
          label: { zh: '女职工委员会主任人选', en: 'Women’s committee chair candidate' },
          maxLength: 50,
        },
      ],
    },
    {
      key: 'plan',
      title: { zh: '一企一方案', en: 'Plan' },
      fields: [
        {
          key: 'plan',
          type: 'longtext',
          label: { zh: '建会方案', en: 'Founding plan' },
          help: { zh: '筹备步骤、时间安排、会员发展和经费保障', en: 'Steps, timetable, recruiting members, funding' },
          required: true,
          minLength: 20,
          maxLength: 10_000,
        },
      ],
    },
  ],
  params: {
    womenCommitteeThreshold: {
      label: { zh: '须建立女职工委员会的女会员人数', en: 'Female members from which a women workers’ committee is required' },
      value: 10,
    },
  },
  rules: [
    {
      kind: 'lte',
      field: 'femaleEmployees',
      other: 'employees',
      message: { zh: '女职工人数不能多于职工人数', en: 'Female employees cannot exceed employees' },
    },
    {
      kind: 'lte',
      field: 'intendedMembers',
      other: 'employees',
      message: { zh: '拟发展会员数不能多于职工人数', en: 'Intended members cannot exceed employees' },
    },
    {
      kind: 'lte',
      field: 'intendedFemaleMembers',
      other: 'intendedMembers',
      message: { zh: '女会员数不能多于拟发展会员数', en: 'Female members cannot exceed intended members' },
    },
    {
      kind: 'lte',
      field: 'intendedFemaleMembers',
      other: 'femaleEmployees',
      message: { zh: '女会员数不能多于女职工人数', en: 'Female members cannot exceed female employees' },
    },
    {
      // Committee members are elected from the members, so there cannot be more of them.
      kind: 'lte',
      field: 'committeeSize',
      other: 'intendedMembers',
      message: { zh: '委员人数不能多于拟发展会员数', en: 'The committee cannot be larger than the membership' },
    },
    {
      kind: 'sumEquals',
      group: 'coveredEnterprises',
      column: 'employees',
      total: 'employees',
      when: { field: 'isFederation', equals: true },
      message: { zh: '覆盖企业职工人数合计应等于联合会职工人数', en: 'The covered enterprises’ employees must add up to the federation’s employees' },
    },
    {
      kind: 'dateAfterToday',
      field: 'foundingMeetingDate',
      message: { zh: '拟召开会员大会日期应晚于今天', en: 'The founding meeting must be after today' },
    },
    {
      kind: 'differs',
      field: 'legalRepresentative',
      other: 'chairCandidate',
      message: {
        zh: '企业主要负责人及其近亲属不得作为工会委员会委员人选：主席候选人不能是企业法定代表人',
        en: 'The chair candidate may not be the enterprise’s legal representative',
      },
    },
    {
      kind: 'equalsWhen',
      field: 'womenCommittee',
      value: true,
      when: { field: 'womenCommitteeRequired', equals: true },
      message: {
        zh: '女会员 {param:womenCommitteeThreshold} 人以上的应建立女职工委员会',
        en: 'With {param:womenCommitteeThreshold} or more female members a women workers’ committee is required',
      },
    },
    {
      kind: 'requiredWhen',
      field: 'womenCommitteeChair',
      when: { field: 'womenCommitteeRequired', equals: true },
      message: { zh: '请填写女职工委员会主任人选', en: 'Name the women workers’ committee chair candidate' },
    },
  ],
  computed: [
    {
      key: 'isFederation',
      label: { zh: '是否工会联合会', en: 'Is a federation' },
      expr: { test: { field: 'kind', in: ['area-federation', 'industry-federation'] } },
      format: 'flag',
    },
    {
      key: 'coveredEmployeesTotal',
      label: { zh: '覆盖企业职工人数合计', en: 'Employees of covered enterprises' },
      expr: {
        // No total until there is a row to add up.
        if: { expr: { gt: [{ rows: 'coveredEnterprises' }, 0] } },
        then: { sumRows: { group: 'coveredEnterprises', column: 'employees' } },
        else: null,
      },
      format: 'integer',
    },
    {
      key: 'womenCommitteeRequired',
      label: { zh: '须建立女职工委员会', en: 'Women workers’ committee required' },
      expr: { test: { expr: { gte: [{ field: 'intendedFemaleMembers' }, { param: 'womenCommitteeThreshold' }] } } },
      format: 'flag',
    },
    {
      key: 'membershipRate',
      label: { zh: '入会率(%)', en: 'Membership rate (%)' },
      expr: {
        // Rounded down: a union of 199 out of 200 is not yet at 100 %.
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
    street: 'dinghailu',
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
