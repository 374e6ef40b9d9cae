/**
 * The S3 file store: what its presigned URLs sign (offline: presigning needs no network), and,
 * with HeadObject mocked by aws-sdk-client-mock, that completing an upload trusts only the
 * size and ChecksumSHA256 S3 reports. The app and table are the real ones on DynamoDB Local.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { fileStoreFromEnv, LazyS3FileStore } from '../../functions/files/index.js';
import { LocalFileStore } from '../../functions/files/local.js';
import { S3FileStore } from '../../functions/files/s3.js';
import { setupEnv, signIn, type Client, type TestEnv } from '../int/support.js';

const BUCKET = 'unionflow-files-test';
const client = new S3Client({
  region: 'ap-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const store = new S3FileStore({ bucket: BUCKET, client });
const s3 = mockClient(client);

const bytes = randomBytes(5000);
const hex = createHash('sha256').update(bytes).digest('hex');
const base64 = createHash('sha256').update(bytes).digest('base64');
const expected = { contentType: 'application/pdf', size: bytes.length, sha256: hex };

const signedHeaders = (url: string) => new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';');

afterEach(() => s3.reset());

describe('S3FileStore: the upload target', () => {
  it('signs content-length, content-type and x-amz-checksum-sha256 into the presigned PUT', async () => {
    const target = await store.uploadTarget('attachments/01J000000000000000000000AA', expected);
    expect(target.method).toBe('PUT');
    expect(signedHeaders(target.url)).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host', 'x-amz-checksum-sha256']));
  });

  it('tells the client to send the base64 SHA-256 and the declared type as headers', async () => {
    const target = await store.uploadTarget('attachments/01J000000000000000000000AA', expected);
    expect(target.headers).toEqual({ 'content-type': 'application/pdf', 'x-amz-checksum-sha256': base64 });
  });

  it('keeps the checksum out of the query string, so only a request carrying it matches the signature', async () => {
    const target = await store.uploadTarget('attachments/01J000000000000000000000AA', expected);
    const query = [...new URL(target.url).searchParams.keys()].map((k) => k.toLowerCase());
    expect(query).not.toContain('x-amz-checksum-sha256');
    expect(query).not.toContain('x-amz-sdk-checksum-algorithm');
  });

  it('expires the upload URL after 15 minutes', async () => {
    const target = await store.uploadTarget('attachments/01J000000000000000000000AA', expected);
    expect(new URL(target.url).searchParams.get('X-Amz-Expires')).toBe('900');
  });
});

describe('S3FileStore: heading an object', () => {
  it('reports the size and the SHA-256 S3 recorded, as hex, asking S3 for the checksum', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    expect(await store.headObject('attachments/x')).toEqual({ size: bytes.length, sha256: hex });
    expect(s3.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({ Bucket: BUCKET, Key: 'attachments/x', ChecksumMode: 'ENABLED' });
  });

  it('reports no SHA-256 for a multipart checksum, which is not the file hash', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: `${base64}-2` });
    expect((await store.headObject('attachments/x'))?.sha256).toBeUndefined();
  });

  it('answers undefined for an object that is not there', async () => {
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    expect(await store.headObject('attachments/x')).toBeUndefined();
  });
});

describe('choosing the file store from the environment', () => {
  it('uses S3 when FILES_BUCKET is set, loading the S3 store on first use', async () => {
    const chosen = fileStoreFromEnv(undefined, { FILES_BUCKET: 'b', AWS_REGION: 'ap-east-1' });
    expect(chosen).toBeInstanceOf(LazyS3FileStore);
    const inner = await (chosen as LazyS3FileStore).store();
    expect(inner).toBeInstanceOf(S3FileStore);
    expect(inner.bucket).toBe('b');
    expect(await (chosen as LazyS3FileStore).store()).toBe(inner);
  });

  it('uses the files folder under UNIONFLOW_DATA_DIR otherwise', () => {
    const chosen = fileStoreFromEnv(undefined, { UNIONFLOW_DATA_DIR: '/tmp/uf-data' });
    expect(chosen).toBeInstanceOf(LocalFileStore);
    expect((chosen as LocalFileStore).dir).toBe('/tmp/uf-data/files');
  });
});

describe('attachments through the app, stored in S3', () => {
  let env: TestEnv;
  let submitter: Client;

  beforeAll(async () => {
    env = await setupEnv({ files: store });
    submitter = await signIn(env.app, 'acme.submitter');
  });

  async function declared(): Promise<{ id: string; upload: { url: string } }> {
    const res = await submitter.json('POST', '/api/attachments', { name: '营业执照.pdf', ...expected });
    expect(res.status).toBe(201);
    return res.body;
  }

  it('hands out the presigned S3 PUT as the upload target', async () => {
    const { id, upload } = await declared();
    const url = new URL(upload.url);
    expect(url.hostname).toBe(`${BUCKET}.s3.ap-east-1.amazonaws.com`);
    expect(url.pathname).toBe(`/attachments/${id}`);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('completes when S3 reports the declared size and ChecksumSHA256', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand, { Key: `attachments/${id}` }).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    const res = await submitter.json('POST', `/api/attachments/${id}/complete`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });

  it('refuses to complete with a sha256 issue when S3 reports another ChecksumSHA256', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: randomBytes(32).toString('base64') });
    const res = await submitter.json('POST', `/api/attachments/${id}/complete`);
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('sha256');
    expect((await submitter.json('GET', `/api/attachments/${id}`)).body.status).toBe('pending');
  });

  it('refuses to complete when S3 has the object without a SHA-256 checksum', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length });
    expect((await submitter.json('POST', `/api/attachments/${id}/complete`)).status).toBe(422);
  });

  it('refuses to complete with a size issue when S3 reports another length', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length - 1, ChecksumSHA256: base64 });
    const res = await submitter.json('POST', `/api/attachments/${id}/complete`);
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('size');
  });

  it('refuses to complete when nothing reached S3', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    expect((await submitter.json('POST', `/api/attachments/${id}/complete`)).status).toBe(422);
  });

  it('redirects a download to a short-lived presigned GET that names the file', async () => {
    const { id } = await declared();
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    await submitter.json('POST', `/api/attachments/${id}/complete`);
    const res = await submitter.request('GET', `/api/attachments/${id}/content`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.hostname).toBe(`${BUCKET}.s3.ap-east-1.amazonaws.com`);
    expect(location.pathname).toBe(`/attachments/${id}`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('response-content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('营业执照.pdf')}`);
  });

  it('has no local upload route: a PUT to the app is 404', async () => {
    const { id } = await declared();
    const res = await env.app.request(`/api/attachments/${id}/content?t=x.y`, { method: 'PUT', body: bytes });
    expect(res.status).toBe(404);
  });
});
