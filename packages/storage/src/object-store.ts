import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isStorageOutage, StorageUnavailableError } from './storage-unavailable';

export interface StorageOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface PutResult {
  key: string;
  bytes: number;
}

/**
 * All object storage access goes through here. Keys always start with the tenant's prefix
 * (see keys.ts), so one tenant's objects are never addressed from another's request.
 */
export class ObjectStore {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(options: StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Fail fast when storage is down rather than hanging a request.
      requestHandler: { connectionTimeout: 3000, requestTimeout: 0 },
      maxAttempts: 2,
    });
    // Every command (multipart uploads included) reports an unreachable store as one error type.
    this.client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (err) {
          throw isStorageOutage(err) ? new StorageUnavailableError(err) : err;
        }
      },
      { step: 'initialize', name: 'whetstoneStorageOutage' },
    );
  }

  /** Streams `body` to `key` with multipart upload: memory stays bounded whatever the size. */
  async putStream(key: string, body: Readable, contentType = 'application/octet-stream'): Promise<PutResult> {
    let bytes = 0;
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
    return { key, bytes };
  }

  /** Uploads every file of a local folder under `prefix` (one level, as model folders are). */
  async putFolder(prefix: string, folder: string): Promise<string[]> {
    const { readdirSync, createReadStream, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const names = readdirSync(folder).filter((name) => statSync(join(folder, name)).isFile());
    for (const name of names) await this.putStream(`${prefix}${name}`, createReadStream(join(folder, name)));
    return names;
  }

  async putBytes(key: string, body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** Opens the object as a stream; null when it does not exist. */
  async getStream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      return out.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey || err instanceof NotFound) return null;
      throw err;
    }
  }

  async getBytes(key: string): Promise<Buffer | null> {
    const stream = await this.getStream(key);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async head(key: string): Promise<{ bytes: number } | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { bytes: out.ContentLength ?? 0 };
    } catch (err) {
      if (err instanceof NotFound || err instanceof NoSuchKey) return null;
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Lists every key under `prefix` (follows continuation tokens). */
  async list(prefix: string): Promise<{ key: string; bytes: number; etag: string }[]> {
    const out: { key: string; bytes: number; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key) out.push({ key: item.Key, bytes: item.Size ?? 0, etag: item.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => ({ Key: k.key }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch } }));
    }
    return keys.length;
  }

  /** A time-limited GET URL for downloads that bypass the API. */
  async presignGet(key: string, expiresInSeconds = 3600, downloadName?: string): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: downloadName ? `attachment; filename="${downloadName.replace(/"/g, '')}"` : undefined,
    });
    return getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
  }

  /** True when the bucket answers within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const abort = AbortSignal.timeout(timeoutMs);
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: abort });
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** The S3 settings of the shared environment (see @whetstone/config), as ObjectStore options. */
export function storageOptionsFromEnv(env: {
  S3_ENDPOINT: string;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_FORCE_PATH_STYLE: boolean;
}): StorageOptions {
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}
