/**
 * 经审 审计资料报送: a grassroots union sends its audit material (DOMAIN.md, process 4).
 * fill → audit-review by the 特约经审员 assigned to the union, who finds nothing
 * (→ district-signoff) or raises findings (→ rectification) → rectification: the union answers
 * each finding → audit-verify: the auditor accepts each answer or sends it back (→
 * rectification, where accepted answers are settled) → district-signoff by the district
 * 经审会 in turn (依次): one member reviews, then another countersigns → closed.
 */
import type { Text } from '../forms/language.js';
import type { Requirement, WorkflowDeclaration } from './language.js';

/** What a finding must say before it is raised. */
const FINDING_COLUMNS = ['category', 'description', 'severity', 'deadline'] as const;
const FINDING_MESSAGES: Record<(typeof FINDING_COLUMNS)[number], Text> = {
  category: { zh: '请填写审计发现的类别', en: 'Give the finding’s category' },
  description: { zh: '请填写审计发现的内容', en: 'Describe the finding' },
  severity: { zh: '请选择严重程度', en: 'Choose the severity' },
  deadline: { zh: '请填写整改期限', en: 'Give the rectification deadline' },
};
const findingsComplete: Requirement[] = FINDING_COLUMNS.map((column) => ({
  each: 'findings',
  that: { field: column, filled: true },
  message: FINDING_MESSAGES[column],
}));

const accepted = { field: 'verdict', equals: 'accepted' } as const;

export const auditSubmissionWorkflow: WorkflowDeclaration = {
  id: 'audit-submission',
  formId: 'audit-submission',
  title: { zh: '审计资料报送', en: 'Audit submission' },
  initial: 'fill',
  withdrawUntilActedIn: 'audit-review',
  steps: {
    fill: {
      kind: 'fill',
      title: { zh: '报送', en: 'Fill in' },
      status: 'draft',
      assignees: { kind: 'submitter' },
      actions: { submit: { to: 'audit-review' }, withdraw: {}, comment: {} },
    },
    'audit-review': {
      kind: 'review',
      title: { zh: '特约经审员审计', en: 'Audit by the assigned auditor' },
      status: 'in_review',
      assignees: { kind: 'assignedAuditor' },
      // The auditor writes the findings; the union's answers and the verdicts come later.
      edits: { paths: ['findings', ...[...FINDING_COLUMNS, 'id'].map((c) => `findings.*.${c}`)] },
      actions: {
        'no-findings': {
          kind: 'approve',
          title: { zh: '未发现问题', en: 'No findings' },
          to: 'district-signoff',
          requires: [{ that: { expr: { lte: [{ rows: 'findings' }, 0] } }, message: { zh: '已填写审计发现，请选择“提出审计发现”', en: 'There are findings: raise them instead' } }],
        },
        'raise-findings': {
          kind: 'approve',
          title: { zh: '提出审计发现', en: 'Raise findings' },
          to: 'rectification',
          requires: [
            { that: { expr: { gte: [{ rows: 'findings' }, 1] } }, message: { zh: '请至少填写一条审计发现', en: 'Add at least one finding' } },
            ...findingsComplete,
          ],
        },
        return: { to: 'fill', commentRequired: true },
        edit: {},
        comment: {},
      },
    },
    rectification: {
      kind: 'review',
      title: { zh: '整改答复', en: 'Rectification' },
      status: 'in_review',
      assignees: { kind: 'submitter' },
      edits: {
        paths: ['findings.*.answer', 'findings.*.evidence'],
        // An answer the auditor accepted is settled; only those sent back are answered again.
        lockedRows: [{ group: 'findings', where: accepted }],
      },
      actions: {
        'submit-answers': {
          kind: 'approve',
          title: { zh: '提交整改情况', en: 'Send the answers' },
          by: 'submitter',
          to: 'audit-verify',
          requires: [
            {
              // Answered, unless the auditor has already accepted it.
              each: 'findings',
              that: { any: [{ field: 'answer', filled: true }, accepted] },
              message: { zh: '请答复每一条审计发现', en: 'Answer every finding' },
            },
          ],
        },
        edit: { by: 'submitter' },
        comment: {},
      },
    },
    'audit-verify': {
      kind: 'review',
      title: { zh: '整改核实', en: 'Verification' },
      status: 'in_review',
      assignees: { kind: 'assignedAuditor' },
      edits: { paths: ['findings.*.verdict', 'findings.*.verdictNote'] },
      actions: {
        approve: {
          to: 'district-signoff',
          requires: [{ each: 'findings', that: accepted, message: { zh: '每条整改均须认可', en: 'Accept every answer first' } }],
        },
        // Sends back the answers marked `returned`; every answer needs a verdict first, and the
        // union needs to read what is still wrong with each one sent back.
        return: {
          to: 'rectification',
          commentRequired: true,
          requires: [
            { each: 'findings', that: { field: 'verdict', filled: true }, message: { zh: '请对每条整改给出核实结论', en: 'Give every answer a verdict' } },
            {
              each: 'findings',
              where: { field: 'verdict', equals: 'returned' },
              that: { field: 'verdictNote', filled: true },
              message: { zh: '请说明退回的原因', en: 'Say why the answer is sent back' },
            },
          ],
        },
        edit: {},
        comment: {},
      },
    },
    'district-signoff': {
      kind: 'review',
      title: { zh: '区经审会签批', en: 'District audit committee sign-off' },
      status: 'in_review',
      // 审核 then 复核: two members of the committee, one after the other, never the same
      // person twice (the 特约经审员 who did the audit is not among them).
      mode: 'sequence',
      sequence: [
        { title: { zh: '经审会审核', en: 'Audit committee review' }, assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' } },
        { title: { zh: '经审会复核签批', en: 'Audit committee countersignature' }, assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' } },
      ],
      actions: {
        approve: { to: 'closed' },
        return: { to: 'audit-verify', commentRequired: true },
        comment: {},
      },
    },
    closed: { kind: 'end', title: { zh: '已结案', en: 'Closed' }, status: 'closed', actions: {} },
  },
};
