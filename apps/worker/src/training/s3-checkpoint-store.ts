import type { StorageReservation } from '@whetstone/services';
import type { ObjectStore } from '@whetstone/storage';

/**
 * The trainer's checkpoint files, kept under one object-storage prefix per checkpoint. When
 * writing, each file's bytes are reserved against the organization's storage quota first (a
 * checkpoint that does not fit fails with QuotaError before anything is stored past the quota).
 */
export class S3CheckpointStore {
  /** Bytes written through this store: what the checkpoint row records. */
  writtenBytes = 0;

  constructor(
    private readonly store: ObjectStore,
    readonly prefix: string,
    private readonly reservation?: StorageReservation,
  ) {}

  async write(name: string, bytes: Uint8Array): Promise<void> {
    await this.reservation?.reserve(bytes.byteLength);
    await this.store.putBytes(`${this.prefix}${name}`, bytes);
    this.writtenBytes += bytes.byteLength;
  }

  async read(name: string): Promise<Uint8Array> {
    const bytes = await this.store.getBytes(`${this.prefix}${name}`);
    if (!bytes) throw new Error(`checkpoint file ${this.prefix}${name} is missing`);
    return bytes;
  }
}
