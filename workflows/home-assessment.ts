/**
 * 职工之家建设自评: a grassroots union scores itself against the checklist (DOMAIN.md, process 2).
 * fill → street-review (或签, 5 working days: the street may re-score items, each change with a
 * reason) → district-review (或签, 10 working days: final grade, recommend as 模范职工之家 or
 * not) → completed. Both reviews may return or reject; the district may return to the union
 * or to the street, and the corrected submission comes straight back to the district.
 */
import type { WorkflowDeclaration } from './language.js';

const sideActions = { transfer: {}, addSigner: {}, cc: {}, comment: {}, remind: {} } as const;

export const homeAssessmentWorkflow: WorkflowDeclaration = {
  id: 'home-assessment',
  formId: 'home-assessment',
  title: { zh: '职工之家建设自评审核', en: "Workers' home self-assessment review" },
  initial: 'fill',
  withdrawUntilActedIn: 'street-review',
  steps: {
    fill: {
      kind: 'fill',
      title: { zh: '自评填报', en: 'Self-assessment' },
      status: 'draft',
      assignees: { kind: 'submitter' },
      actions: { submit: { to: 'street-review' }, withdraw: {}, comment: {} },
    },
    'street-review': {
      kind: 'review',
      title: { zh: '街道（行业）工会复核', en: 'Street (industry) union review' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 5,
      // Every score item's score, in whatever version of the checklist the union filled in: a
      // re-score revises the union's own score, so the union still fills it in and the history
      // keeps both scores with the reviewer's reason.
      edits: { fields: { type: 'score', part: 'score' }, reasonRequired: true },
      actions: {
        ...sideActions,
        edit: {},
        approve: { to: 'district-review' },
        return: { to: 'fill', commentRequired: true },
        reject: { to: 'rejected', commentRequired: true },
      },
    },
    'district-review': {
      kind: 'review',
      title: { zh: '区总工会评定', en: 'District assessment' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 10,
      edits: { paths: ['districtGrade', 'recommendModel', 'districtOpinion'] },
      actions: {
        ...sideActions,
        edit: {},
        approve: {
          to: 'completed',
          requires: [{ that: { field: 'districtGrade', filled: true }, message: { zh: '请先评定等级', en: 'Give the final grade first' } }],
        },
        // Whoever corrects it (the union or the street) sends it straight back here.
        return: { to: ['fill', 'street-review'], resume: 'direct', commentRequired: true },
        reject: { to: 'rejected', commentRequired: true },
      },
    },
    completed: { kind: 'end', title: { zh: '已评定', en: 'Assessed' }, status: 'completed', actions: {} },
    rejected: { kind: 'end', title: { zh: '不予认定', en: 'Rejected' }, status: 'rejected', actions: {} },
  },
};
