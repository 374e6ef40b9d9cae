/**
 * The organisations a record names (the submitting union, and whoever acted in its history),
 * with their English names where they have one, read once per page: events keep only the
 * actor's organisation id, and a name is shown as the tree has it now.
 */
import type { Db } from '../store/dynamo.js';
import { getOrg } from '../store/accounts.js';
import type { HistoryEvent } from './chain.js';

export type OrgLabel = { name: string; nameEn?: string };
export type OrgLabels = ReadonlyMap<string, OrgLabel>;

export async function orgLabelsOf(db: Db, sub: { orgId: string; orgName: string }, events: readonly Pick<HistoryEvent, 'actor'>[]): Promise<OrgLabels> {
  const ids = [...new Set([sub.orgId, ...events.map((e) => e.actor.orgId)])];
  const orgs = await Promise.all(ids.map((id) => getOrg(db, id)));
  // The submission's own name stands in if its organisation was ever removed from the tree.
  const labels = new Map<string, OrgLabel>([[sub.orgId, { name: sub.orgName }]]);
  for (const org of orgs) if (org) labels.set(org.id, { name: org.name, ...(org.nameEn ? { nameEn: org.nameEn } : {}) });
  return labels;
}

/** An organisation by id, or the id itself when the tree no longer has it. */
export const orgLabel = (labels: OrgLabels, id: string): OrgLabel => labels.get(id) ?? { name: id };
