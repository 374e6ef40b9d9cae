/**
 * Export files in S3, with aws-sdk-client-mock: a file goes up as a multipart upload in parts
 * of at least 5 MiB and exists only once completed; a stream that breaks, or a part S3
 * refuses, aborts the upload and never completes it, so no half file is ever an object.
 */
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PART_BYTES, S3ExportFiles } from '../../functions/records/exports-s3.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const client = new S3Client({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const store = new S3ExportFiles({ bucket: 'files', client });

function chunks(sizes: number[], failAfter?: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (failAfter !== undefined && i === failAfter) return c.error(new Error('the export broke'));
      if (i === sizes.length) return c.close();
      c.enqueue(new Uint8Array(sizes[i++]).fill(65));
    },
  });
}

describe('S3ExportFiles.put', () => {
  it('uploads parts of at least 5 MiB, then completes with every part in order', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"e${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const half = PART_BYTES / 2;
    const { size } = await store.put('exports/X-1.csv', chunks([half, half, half, 10]), 'text/csv');
    expect(size).toBe(3 * half + 10);
    const parts = s3.commandCalls(UploadPartCommand).map((c) => (c.args[0].input.Body as Buffer).length);
    expect(parts).toEqual([PART_BYTES, half + 10]);
    expect(parts.slice(0, -1).every((p) => p >= 5 * 1024 * 1024)).toBe(true);
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input;
    expect(complete).toMatchObject({ Bucket: 'files', Key: 'exports/X-1.csv', UploadId: 'u1', MultipartUpload: { Parts: [{ ETag: '"e1"', PartNumber: 1 }, { ETag: '"e2"', PartNumber: 2 }] } });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('aborts, and never completes, when the export stream breaks mid-way', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"e"' });
    await expect(store.put('exports/X-1.csv', chunks([PART_BYTES, 10, 10], 2), 'text/csv')).rejects.toThrow('the export broke');
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0].args[0].input).toMatchObject({ Key: 'exports/X-1.csv', UploadId: 'u2' });
  });

  it('aborts when S3 refuses a part', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u3' });
    s3.on(UploadPartCommand).rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
    await expect(store.put('exports/X-1.csv', chunks([10]), 'text/csv')).rejects.toThrow('SlowDown');
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
  });

  it('gives a presigned GET link that names the file and expires in five minutes', async () => {
    const url = new URL(await store.link('exports/X-1.xlsx', 'X', { name: '建会申请-20261201.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    expect(url.pathname).toContain('exports/X-1.xlsx');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toContain("filename*=UTF-8''");
  });
});
