/**
 * The search attributes a submission item carries beside its own fields, written by the same
 * Put as the submission (so they cost no extra request): the form partition and the period
 * sort keys of the form indexes (table.ts), and `searchKey`, the normalised text `q` matches.
 */
import { FORM_PARTITION, SUBMITTED_SORT, UPDATED_SORT } from './table.js';

/** What a search key is built from: the record's name, its union, its number. */
export type Searchable = {
  id: string;
  formId: string;
  orgName: string;
  data: Record<string, unknown>;
  number?: string;
  submittedAt?: string;
  updatedAt: string;
};

/**
 * Text as search compares it: full-width forms folded (ＹＰ－２０１９ → yp-2019), lower case,
 * control characters and runs of white space as one space, trimmed. Query and key go through
 * the same function, so a query can never hold the key's field separator.
 */
export function normaliseSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * The record's name: the top-level `name` text of its data (a registration's 单位名称), which
 * is how every form here names what it is about; the union's own name always joins it, so a
 * form without a `name` is still found by its union.
 */
export function recordName(sub: Pick<Searchable, 'data'>): string | undefined {
  const name = sub.data.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}

/** The search key: name, union and number, separated so a match never spans two of them. */
export function searchKeyOf(sub: Searchable): string {
  return [recordName(sub), sub.orgName, sub.number].filter((t): t is string => !!t).map(normaliseSearch).join('\u0001');
}

export function searchAttributes(sub: Searchable): Record<string, string> {
  return {
    [FORM_PARTITION]: `FORM#${sub.formId}`,
    [UPDATED_SORT]: `${sub.updatedAt}#${sub.id}`,
    ...(sub.submittedAt ? { [SUBMITTED_SORT]: `${sub.submittedAt}#${sub.id}` } : {}),
    searchKey: searchKeyOf(sub),
  };
}
