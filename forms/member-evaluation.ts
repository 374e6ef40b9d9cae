/**
 * 会员评家问卷 (member-evaluation), DOMAIN.md process 2: a member answers with a one-time
 * code; the answer carries no link to the code's holder. No workflow: an answer is final.
 * Every question has the same three answers (满意, 基本满意, 不满意); the server tallies the
 * `overall` answers of a round into the home assessment's `eval*` fields (satisfaction rate =
 * (满意 + 基本满意) / answers).
 */
import type { FormDeclaration } from './language.js';

export const memberEvaluation: FormDeclaration = {
  id: 'member-evaluation',
  version: 1,
  title: { zh: '会员评家问卷', en: 'Member evaluation of the workers’ home' },
  description: {
    zh: '请对本单位工会职工之家建设作出评价。问卷匿名，评议码只能使用一次。',
    en: 'Tell us how your union runs its workers’ home. Answers are anonymous; each code works once.',
  },
  sections: [
    {
      key: 'questions',
      title: { zh: '评价', en: 'Your evaluation' },
      fields: [
        {
          key: 'q_activities',
          type: 'choice',
          label: { zh: '工会活动', en: 'Union activities' },
          help: { zh: '文体活动、培训和劳动竞赛', en: 'Sports, culture, training and competitions' },
          required: true,
          options: [
            { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
            { value: 'basic', label: { zh: '基本满意', en: 'Basically satisfied' } },
            { value: 'unsatisfied', label: { zh: '不满意', en: 'Unsatisfied' } },
          ],
        },
        {
          key: 'q_rights',
          type: 'choice',
          label: { zh: '维权帮扶', en: 'Rights and help' },
          help: { zh: '维护职工权益、困难帮扶', en: 'Standing up for members; help in hardship' },
          required: true,
          options: [
            { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
            { value: 'basic', label: { zh: '基本满意', en: 'Basically satisfied' } },
            { value: 'unsatisfied', label: { zh: '不满意', en: 'Unsatisfied' } },
          ],
        },
        {
          key: 'q_openness',
          type: 'choice',
          label: { zh: '民主公开', en: 'Openness' },
          help: { zh: '厂务公开、会务公开和经费收支公开', en: 'Openness of company affairs, union affairs and union funds' },
          required: true,
          options: [
            { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
            { value: 'basic', label: { zh: '基本满意', en: 'Basically satisfied' } },
            { value: 'unsatisfied', label: { zh: '不满意', en: 'Unsatisfied' } },
          ],
        },
        {
          key: 'q_services',
          type: 'choice',
          label: { zh: '服务阵地', en: 'Facilities' },
          help: { zh: '职工书屋、爱心妈咪小屋、户外职工爱心接力站等', en: 'Library, nursing room, outdoor workers’ rest station and the like' },
          required: true,
          options: [
            { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
            { value: 'basic', label: { zh: '基本满意', en: 'Basically satisfied' } },
            { value: 'unsatisfied', label: { zh: '不满意', en: 'Unsatisfied' } },
          ],
        },
        {
          key: 'overall',
          type: 'choice',
          label: { zh: '总体评价', en: 'Overall' },
          help: { zh: '计入会员评家得分', en: 'This answer counts towards the member evaluation score' },
          required: true,
          options: [
            { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
            { value: 'basic', label: { zh: '基本满意', en: 'Basically satisfied' } },
            { value: 'unsatisfied', label: { zh: '不满意', en: 'Unsatisfied' } },
          ],
        },
        {
          key: 'comment',
          type: 'longtext',
          label: { zh: '意见和建议', en: 'Comments' },
          help: { zh: '选填，请勿填写可识别个人身份的信息', en: 'Optional; please leave out anything that identifies you' },
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
