/**
 * What a union member reaches without an account, for 经费使用会员监督: a published disclosure
 * (by its link), and a query on one of its lines with a one-time code. The query becomes a
 * `fund-query` submission of the union, created and submitted on the member's behalf in the
 * code's own transaction: the code is used if and only if the query exists.
 */
import { apply, stepOf, type Actor } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { redeemCode, type TransactItem } from '../store/codes.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import { eventItem, inboxPuts, nextEvent, readSubmission, submissionItem, type Submission } from '../store/submissions.js';
import { keys } from '../store/keys.js';
import { currentForm } from './forms.js';
import { afterTransition } from './actions.js';
import { ID_PATTERN, newDraft, type Deps } from './submissions.js';

const QUERY_FORM = 'fund-query';

/** The anonymous member as the record names them: nothing that leads back to a code or person. */
const memberActor = (org: { orgId: string; orgPath: string[] }): Actor => ({
  id: 'member',
  name: '会员（匿名） / Member (anonymous)',
  orgId: org.orgId,
  orgPath: org.orgPath,
  roles: ['member'],
});

const noDisclosure = () =>
  new DomainError('not_found', { zh: '没有这份已公开的经费收支信息', en: 'No such published disclosure' });

/** A disclosure members may read: one whose workflow step is declared visible to members. */
async function visibleDisclosure(deps: Deps, id: string): Promise<Submission> {
  if (!ID_PATTERN.test(id)) throw noDisclosure();
  const sub = await readSubmission(deps.db, id);
  const workflow = sub && workflowForForm(sub.formId);
  if (!sub || !workflow || stepOf(workflow, sub.step)?.visibleToMembers !== true) throw noDisclosure();
  return sub;
}

/** The member's view: the union, the figures and the policy warnings; no people, no workflow. */
export async function readDisclosure(deps: Deps, id: string) {
  const sub = await visibleDisclosure(deps, id);
  return {
    id: sub.id,
    formId: sub.formId,
    formVersion: sub.formVersion,
    orgName: sub.orgName,
    data: sub.data,
    computed: sub.computed,
    warnings: sub.warnings,
    publishedAt: sub.updatedAt,
    lastHash: sub.lastHash,
  };
}

export type QueryBody = { code: string; disclosureId: string; line: string; question: string };

export async function raiseQuery(deps: Deps, body: QueryBody): Promise<{ id: string }> {
  const disclosure = await visibleDisclosure(deps, body.disclosureId);
  const form = await currentForm(deps, QUERY_FORM);
  const workflow = workflowForForm(QUERY_FORM);
  if (!form || !workflow) throw notFound();
  const input = { line: body.line, question: body.question };
  const draft = form.validateDraft(input, { disclosureId: disclosure.id });
  if (!draft.ok) throw validationFailed(draft.issues);

  const now = deps.now();
  const at = now.toISOString();
  const actor = memberActor(disclosure);
  const historyActor = { id: actor.id, name: actor.name, orgId: actor.orgId };
  const { sub: draftSub, event: created } = newDraft({ form, workflow, org: disclosure, actor: historyActor, data: draft.data, at });
  const outcome = apply(workflow, form, draftSub, { action: 'submit' }, actor, now);
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, outcome.issues);
  const submitted = nextEvent(draftSub, outcome.event, historyActor, at);
  const sub = afterTransition(draftSub, outcome, submitted);

  const items = (owner: { orgId: string; roundId: string }): TransactItem[] => [
    // A code opened for one disclosure queries that disclosure only (a round without one: any of the union's).
    {
      ConditionCheck: {
        TableName: deps.db.table,
        Key: keys.round(owner.roundId),
        ConditionExpression: 'attribute_not_exists(submissionId) OR submissionId = :disclosure',
        ExpressionAttributeValues: { ':disclosure': disclosure.id },
      },
    },
    // The code must be this union's, and the disclosure still published, when the query is made.
    {
      ConditionCheck: {
        TableName: deps.db.table,
        Key: keys.submission(disclosure.id),
        ConditionExpression: 'orgId = :org AND #step = :step',
        ExpressionAttributeNames: { '#step': 'step' },
        ExpressionAttributeValues: { ':org': owner.orgId, ':step': disclosure.step },
      },
    },
    { Put: { TableName: deps.db.table, Item: submissionItem(sub), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: deps.db.table, Item: eventItem(sub.id, created), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: deps.db.table, Item: eventItem(sub.id, submitted), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...inboxPuts(deps.db, sub),
  ];
  await redeemCode(deps.db, body.code, 'fund-query', items, now);
  return { id: sub.id };
}

