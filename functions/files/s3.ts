/**
 * Attachments in S3. The upload is a presigned PUT whose signature covers `content-length`,
 * `content-type` and `x-amz-checksum-sha256`: S3 refuses a body of another length (signature
 * mismatch) or another SHA-256 (BadDigest), so a stored object is always the declared one.
 * Downloads are short-lived presigned GETs that name the file.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  base64ToHex,
  contentDisposition,
  DOWNLOAD_TTL_SECONDS,
  hexToBase64,
  UPLOAD_TTL_SECONDS,
  type Download,
  type DownloadAs,
  type Expected,
  type FileStore,
  type ObjectInfo,
  type UploadTarget,
} from './store.js';

export type S3FileStoreOptions = { bucket: string; client?: S3Client };

const region = () => process.env.AWS_REGION ?? 'ap-east-1';

export function s3Client(): S3Client {
  return new S3Client({
    region: region(),
    // Only the checksum we sign: the SDK's default CRC32 would be computed over the empty
    // body a presigner sees and land in the URL.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export class S3FileStore implements FileStore {
  readonly bucket: string;
  readonly client: S3Client;
  /** The presigner's virtual-hosted address of the bucket, which upload URLs start with. */
  readonly uploadOrigin: string;

  constructor(options: S3FileStoreOptions) {
    this.bucket = options.bucket;
    this.client = options.client ?? s3Client();
    this.uploadOrigin = `https://${options.bucket}.s3.${region()}.amazonaws.com`;
  }

  async uploadTarget(key: string, expected: Expected): Promise<UploadTarget> {
    const checksum = hexToBase64(expected.sha256);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: expected.contentType,
      ContentLength: expected.size,
      ChecksumSHA256: checksum,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: UPLOAD_TTL_SECONDS,
      // The presigner leaves content-type unsigned and would move x-amz-* headers into the
      // query string; both are kept as signed headers so the client must send them as given.
      signableHeaders: new Set(['content-type', 'content-length']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    // content-length is not listed: HTTP clients set it from the body, and browsers refuse to.
    return { method: 'PUT', url, headers: { 'content-type': expected.contentType, 'x-amz-checksum-sha256': checksum } };
  }

  async readObject(key: string, as: DownloadAs): Promise<Download> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: as.contentType,
      ResponseContentDisposition: contentDisposition(as.name),
    });
    return { kind: 'redirect', url: await getSignedUrl(this.client, command, { expiresIn: DOWNLOAD_TTL_SECONDS }) };
  }

  async headObject(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      // A multipart checksum ("…-N") is a checksum of checksums, never the file's SHA-256.
      const sha = out.ChecksumSHA256 && !out.ChecksumSHA256.includes('-') ? base64ToHex(out.ChecksumSHA256) : undefined;
      return { size: out.ContentLength ?? 0, sha256: sha };
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }
}
