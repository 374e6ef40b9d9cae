/**
 * 会员评家问卷 (member-evaluation), DOMAIN.md process 2: a member answers with a one-time
 * code; the answer carries no link to the code's holder. No workflow: an answer is final.
 * The server tallies the `overall` answers of a round into the home assessment's `eval*`
 * fields (satisfaction rate = (满意 + 基本满意) / answers).
 */
import { opt, t } from './declare.js';
import type { ChoiceOption, FieldDecl, FormDeclaration } from './language.js';

export const SATISFACTION: ChoiceOption[] = [
  opt('satisfied', '满意', 'Satisfied'),
  opt('basic', '基本满意', 'Basically satisfied'),
  opt('unsatisfied', '不满意', 'Unsatisfied'),
];

const question = (key: string, zh: string, en: string, helpZh: string, helpEn: string): FieldDecl => ({
  key,
  type: 'choice',
  label: t(zh, en),
  help: t(helpZh, helpEn),
  required: true,
  options: SATISFACTION,
});

export const memberEvaluation: FormDeclaration = {
  id: 'member-evaluation',
  version: 1,
  title: t('会员评家问卷', 'Member evaluation of the workers’ home'),
  description: t(
    '请对本单位工会职工之家建设作出评价。问卷匿名，评价码只能使用一次。',
    'Tell us how your union runs its workers’ home. Answers are anonymous; each code works once.',
  ),
  sections: [
    {
      key: 'questions',
      title: t('评价', 'Your evaluation'),
      fields: [
        question('q_activities', '工会活动', 'Union activities', '文体活动、培训和劳动竞赛', 'Sports, culture, training and competitions'),
        question('q_rights', '维权帮扶', 'Rights and help', '维护职工权益、困难帮扶', 'Standing up for members; help in hardship'),
        question('q_openness', '民主公开', 'Openness', '厂务公开、会务公开和经费收支公开', 'Openness of company affairs, union affairs and union funds'),
        question('q_services', '服务阵地', 'Facilities', '职工书屋、爱心妈咪小屋、户外职工爱心接力站等', 'Library, nursing room, outdoor workers’ rest station and the like'),
        question('overall', '总体评价', 'Overall', '计入会员评家得分', 'This answer counts towards the member evaluation score'),
        {
          key: 'comment',
          type: 'longtext',
          label: t('意见和建议', 'Comments'),
          help: t('选填，请勿填写可识别个人身份的信息', 'Optional; please leave out anything that identifies you'),
          maxLength: 500,
        },
      ],
    },
  ],
  rules: [],
  computed: [],
  example: {
    q_activities: 'satisfied',
    q_rights: 'basic',
    q_openness: 'satisfied',
    q_services: 'basic',
    overall: 'satisfied',
    comment: '希望增加周末的文体活动。',
  },
};
