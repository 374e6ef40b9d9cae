/**
 * Export files in S3 (the files bucket, under `exports/`): a multipart upload fed part by part
 * as the export is written, so memory holds one part (8 MiB) whatever the file's size. The
 * object exists only once CompleteMultipartUpload succeeds; any failure aborts the upload, so
 * no half file is ever visible. Downloads are presigned GETs that live a few minutes.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition, DOWNLOAD_TTL_SECONDS, type DownloadAs } from '../files/store.js';
import { s3Client } from '../files/s3.js';
import type { ExportFiles } from './exports-files.js';

/** S3 wants parts of at least 5 MiB (all but the last). */
export const PART_BYTES = 8 * 1024 * 1024;

export class S3ExportFiles implements ExportFiles {
  readonly bucket: string;
  readonly client: S3Client;

  constructor(options: { bucket: string; client?: S3Client }) {
    this.bucket = options.bucket;
    this.client = options.client ?? s3Client();
  }

  async put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<{ size: number }> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }));
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    let size = 0;
    const send = async (chunks: Uint8Array[]) => {
      const PartNumber = parts.length + 1;
      const out = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber, Body: Buffer.concat(chunks) }));
      parts.push({ ETag: out.ETag, PartNumber });
    };
    try {
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        pending.push(value);
        pendingBytes += value.length;
        size += value.length;
        if (pendingBytes >= PART_BYTES) {
          await send(pending);
          pending = [];
          pendingBytes = 0;
        }
      }
      // An empty file still needs one (empty) part to complete.
      if (pendingBytes > 0 || parts.length === 0) await send(pending);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
      return { size };
    } catch (error) {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }));
      } catch {
        // The bucket's lifecycle rule aborts what this could not.
      }
      throw error;
    }
  }

  async link(key: string, _jobId: string, as: DownloadAs): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: as.contentType, ResponseContentDisposition: contentDisposition(as.name) });
    return getSignedUrl(this.client, command, { expiresIn: DOWNLOAD_TTL_SECONDS });
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
