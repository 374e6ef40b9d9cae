/**
 * Demo data (API.md): the district, its twelve streets, one industry union, two grassroots
 * unions (one under 定海路, one under 五角场) and the demo accounts. Seeded only into an empty
 * table, and never in a deployed stage unless asked for.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from './auth/passwords.js';
import type { Role } from '../workflows/language.js';
import { putOrg, putUser, type Org } from './store/accounts.js';
import type { Db } from './store/dynamo.js';

export const DEFAULT_DEMO_PASSWORD = 'unionflow-demo';

export const DISTRICT_ID = 'yangpu';

export const STREETS: [id: string, zh: string, en: string][] = [
  ['dinghailu', '定海路街道总工会', 'Dinghailu Street FTU'],
  ['pingliang', '平凉路街道总工会', 'Pingliang Road Street FTU'],
  ['jiangpu', '江浦路街道总工会', 'Jiangpu Road Street FTU'],
  ['siping', '四平路街道总工会', 'Siping Road Street FTU'],
  ['kongjiang', '控江路街道总工会', 'Kongjiang Road Street FTU'],
  ['changbai', '长白新村街道总工会', 'Changbai Xincun Street FTU'],
  ['yanji', '延吉新村街道总工会', 'Yanji Xincun Street FTU'],
  ['yinhang', '殷行街道总工会', 'Yinhang Street FTU'],
  ['daqiao', '大桥街道总工会', 'Daqiao Street FTU'],
  ['wujiaochang', '五角场街道总工会', 'Wujiaochang Street FTU'],
  ['xinjiangwancheng', '新江湾城街道总工会', 'Xinjiangwancheng Street FTU'],
  ['changhai', '长海路街道总工会', 'Changhai Road Street FTU'],
];

export function demoOrgs(): Org[] {
  const district: Org = { id: DISTRICT_ID, name: '杨浦区总工会', nameEn: 'Yangpu District Federation of Trade Unions', type: 'district', path: [DISTRICT_ID] };
  const streets: Org[] = STREETS.map(([id, name, nameEn]) => ({ id, name, nameEn, type: 'street', parentId: DISTRICT_ID, path: [DISTRICT_ID, id] }));
  const industry: Org = {
    id: 'design-industry',
    name: '区现代设计行业工会联合会',
    nameEn: 'District Modern Design Industry Union Federation',
    type: 'industry',
    parentId: DISTRICT_ID,
    path: [DISTRICT_ID, 'design-industry'],
  };
  const acme: Org = { id: 'acme', name: '上海艾克米科技有限公司工会', nameEn: 'Acme Technology Co. Union', type: 'grassroots', parentId: 'dinghailu', path: [DISTRICT_ID, 'dinghailu', 'acme'] };
  const beta: Org = { id: 'beta', name: '上海贝塔设计有限公司工会', nameEn: 'Beta Design Co. Union', type: 'grassroots', parentId: 'wujiaochang', path: [DISTRICT_ID, 'wujiaochang', 'beta'] };
  return [district, ...streets, industry, acme, beta];
}

export type DemoAccount = { id: string; name: string; orgId: string; roles: Role[]; assignedOrgIds?: string[]; note: string };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { id: 'admin', name: '系统管理员', orgId: DISTRICT_ID, roles: ['admin'], note: '杨浦区总工会 · 系统管理员' },
  { id: 'district.reviewer', name: '区总组织部 王审核', orgId: DISTRICT_ID, roles: ['reviewer'], note: '杨浦区总工会（组织部）' },
  { id: 'district.auditor', name: '区经审会 李审计', orgId: DISTRICT_ID, roles: ['auditor'], note: '杨浦区总工会（经审会）' },
  { id: 'district.auditor2', name: '区经审会 钱委员', orgId: DISTRICT_ID, roles: ['auditor'], note: '杨浦区总工会（经审会），与上一位会签' },
  { id: 'dinghailu.reviewer', name: '定海路 张审核', orgId: 'dinghailu', roles: ['reviewer'], note: '定海路街道总工会' },
  { id: 'wujiaochang.reviewer', name: '五角场 赵审核', orgId: 'wujiaochang', roles: ['reviewer'], note: '五角场街道总工会' },
  { id: 'acme.submitter', name: '艾克米工会 陈主席', orgId: 'acme', roles: ['submitter'], note: '上海艾克米科技有限公司工会（定海路）' },
  { id: 'acme.committee', name: '艾克米经审委 周委员', orgId: 'acme', roles: ['reviewer'], note: '同一工会的经费审查委员会' },
  { id: 'acme.auditor', name: '特约经审员 吴审计', orgId: DISTRICT_ID, roles: ['auditor'], assignedOrgIds: ['acme'], note: '特约经审员，定点联系艾克米工会' },
  { id: 'beta.submitter', name: '贝塔工会 孙主席', orgId: 'beta', roles: ['submitter'], note: '上海贝塔设计有限公司工会（五角场）' },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const out = await db.doc.send(new ScanCommand({ TableName: db.table, Limit: 1 }));
  return (out.Items ?? []).length === 0;
}

export async function seedDemo(db: Db, password = DEFAULT_DEMO_PASSWORD): Promise<void> {
  for (const org of demoOrgs()) await putOrg(db, org);
  // One hash for all demo accounts: they share the password, and argon2 is deliberately slow.
  const passwordHash = await hashPassword(password);
  for (const account of DEMO_ACCOUNTS) {
    const { note: _note, ...user } = account;
    await putUser(db, { ...user, passwordHash });
  }
}
