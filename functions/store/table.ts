/**
 * The one table's shape, shared by `local.ts` and the tests (CreateTable) and by `infra/`
 * (CDK), so the emulator and AWS can never disagree about keys or indexes.
 *
 * Access patterns (keys.ts owns every key format):
 * - one item by id: pk/sk
 * - submissions in a scope: the organisation tree is three levels deep (district → street or
 *   industry → grassroots), and a submission carries the id of each organisation on its path
 *   in `scope0pk`, `scope1pk`, `scope2pk`; a caller whose scope root sits at depth d queries
 *   index `scope<d>`, sorted by `scopeSk` (`<createdAt>#<id>`). No fan-out over children.
 * - submissions of one form in a period: `formPk` (`FORM#<formId>`) with one index per period
 *   kind, sorted by `scopeSk` (created), `submittedSk` (`<submittedAt>#<id>`, absent on drafts
 *   never submitted, so that index holds only submitted records) or `updatedSk`; listing.ts
 *   says which filter uses which index and what it reads. What they cost on writes: each
 *   submission write also writes the form indexes it has keys for (two or three, plus the
 *   three scope indexes), and `updatedSk` moves on every write, which DynamoDB bills as a
 *   delete and a put in `formUpdated`. A stack that already has the table can only gain one
 *   index per deployment (CloudFormation's rule), so add these three in three deployments.
 * - organisations and accounts listings: `gsi1pk`/`gsi1sk`.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;
export const TTL_ATTRIBUTE = 'ttl';

export type IndexDefinition = { name: string; partition: string; sort: string };

export const SCOPE_DEPTHS = 3;
export const scopeIndexName = (depth: number) => `scope${depth}`;
export const scopeIndexPartition = (depth: number) => `scope${depth}pk`;
export const SCOPE_SORT = 'scopeSk';

export const FORM_PARTITION = 'formPk';
export const SUBMITTED_SORT = 'submittedSk';
export const UPDATED_SORT = 'updatedSk';
export type PeriodKind = 'created' | 'submitted' | 'updated';
export const PERIOD_KINDS: readonly PeriodKind[] = ['created', 'submitted', 'updated'];
/** The sort attribute holding each period kind's `<time>#<id>`. */
export const PERIOD_SORT: Record<PeriodKind, string> = { created: SCOPE_SORT, submitted: SUBMITTED_SORT, updated: UPDATED_SORT };
export const formIndexName = (kind: PeriodKind) => (kind === 'created' ? 'form' : kind === 'submitted' ? 'formSubmitted' : 'formUpdated');

export const INDEXES: IndexDefinition[] = [
  ...Array.from({ length: SCOPE_DEPTHS }, (_, depth) => ({
    name: scopeIndexName(depth),
    partition: scopeIndexPartition(depth),
    sort: SCOPE_SORT,
  })),
  ...PERIOD_KINDS.map((kind) => ({ name: formIndexName(kind), partition: FORM_PARTITION, sort: PERIOD_SORT[kind] })),
  { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
];

/** CreateTable input for DynamoDB Local and the tests (AWS gets the same through CDK). */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([TABLE_KEYS.partition, TABLE_KEYS.sort]);
  for (const index of INDEXES) {
    attributes.add(index.partition);
    attributes.add(index.sort);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partition, KeyType: 'HASH' as const },
        { AttributeName: index.sort, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}

/**
 * The anonymous table: member codes (by hash), a round's answer slots and members' queries
 * waiting to be released. Keys only, no index, and deliberately no stream: nothing may keep a
 * change log of it, since the order of its changes is what could rejoin a code to an answer.
 */
export function createAnonTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partition, AttributeType: 'S' as const },
      { AttributeName: TABLE_KEYS.sort, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' as const },
    ],
  };
}
