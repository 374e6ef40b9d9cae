/**
 * The CSV download as an auditor's spreadsheet reads it: registrations whose text fields carry
 * line breaks and formulas on any line are created and submitted through the API, the real
 * file is downloaded, read back strictly with csv-parse, and opened in LibreOffice Calc with
 * formulas evaluated. One row per submission plus the header, the columns in place, and no
 * formula anywhere.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openInCalc } from '../records/libreoffice.js';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client } from './support.js';

const EXPORT = '/api/exports/submissions?format=csv&formId=union-registration';

/** Text fields of a registration and what the file must hold for each, written out by hand. */
const HOSTILE: { data: Record<string, string>; written: Record<string, string> }[] = [
  {
    data: { name: '甲公司\n=1+1', address: 'x\r=HYPERLINK("http://evil.example","点我")', plan: '一、成立筹备组；\r\n=SUM(1,2)\r\n@cmd；二、发展会员。' },
    written: { name: "甲公司\n'=1+1", address: `x\r'=HYPERLINK("http://evil.example","点我")`, plan: "一、成立筹备组；\r\n'=SUM(1,2)\r\n'@cmd；二、发展会员。" },
  },
  {
    data: { name: '乙公司\r\n-2,3', industry: '\n+SUM(A1)', plan: '\n=1+1\n\t=2\n筹备步骤、时间安排、会员发展和经费保障。' },
    written: { name: "乙公司\r\n'-2,3", industry: "\n'+SUM(A1)", plan: "\n'=1+1\n'\t=2\n筹备步骤、时间安排、会员发展和经费保障。" },
  },
  {
    data: { name: '丙公司', leaderName: '@cmd', chairCandidate: '\r王五', plan: '"引号"，逗号,\r\r=1+1 筹备步骤、时间安排、会员发展。' },
    written: { name: '丙公司', leaderName: "'@cmd", chairCandidate: "'\r王五", plan: `"引号"，逗号,\r'\r'=1+1 筹备步骤、时间安排、会员发展。` },
  },
];

const COLUMNS: Record<string, string> = {
  name: '单位名称 / Name',
  industry: '所属行业 / Industry',
  address: '地址 / Address',
  leaderName: '筹备组负责人 / Preparatory group leader',
  chairCandidate: '主席候选人 / Chair candidate',
  plan: '建会方案 / Founding plan',
};

describe('a CSV download of hostile registrations, as a spreadsheet reads it', () => {
  let submitter: Client;
  const ids: string[] = [];
  let file: Uint8Array;

  beforeAll(async () => {
    const env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    // Submitted ones, and a draft of each as well: the download covers both.
    for (const { data } of HOSTILE) ids.push((await submittedRegistration(submitter, { ...validRegistration(), ...data })).id);
    for (const { data } of HOSTILE) {
      const draft = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      ids.push(draft.body.id);
    }
    const res = await submitter.request('GET', EXPORT);
    file = new Uint8Array(await res.arrayBuffer());
    expect(res.status, new TextDecoder().decode(file).slice(0, 300)).toBe(200);
  });

  it('reads back strictly as one record per submission, each text cell its input neutralised line by line', () => {
    const [header, ...records] = parse(Buffer.from(file), { bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    expect(records).toHaveLength(ids.length);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([header.length]));
    expect(records.map((r) => r[0]).sort()).toEqual([...ids].sort());
    const expected = [...HOSTILE, ...HOSTILE].map(({ written }, i) => [ids[i], written] as const);
    for (const [id, written] of expected) {
      const record = records.find((r) => r[0] === id)!;
      for (const [key, text] of Object.entries(written)) expect(record[header.indexOf(COLUMNS[key])], `${id} ${key}`).toBe(text);
    }
  });

  it('opens in LibreOffice Calc as one row per submission plus the header, the columns in place and no formula', async () => {
    const sheet = await openInCalc(file);
    expect(sheet.formulas).toEqual([]);
    expect(sheet.rows).toHaveLength(1 + ids.length);
    const header = sheet.rows[0];
    expect(header[0]).toBe('ID');
    const hash = header.indexOf('最新哈希 / Latest hash');
    expect(hash).toBeGreaterThan(0);
    expect(sheet.rows.slice(1).map((r) => r[0]).sort()).toEqual([...ids].sort());
    for (const row of sheet.rows.slice(1)) expect(row[hash]).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);
});
