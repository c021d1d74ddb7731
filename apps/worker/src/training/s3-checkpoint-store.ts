import type { ObjectStore } from '@whetstone/storage';

/** The trainer's checkpoint files, kept under one object-storage prefix per checkpoint. */
export class S3CheckpointStore {
  constructor(
    private readonly store: ObjectStore,
    readonly prefix: string,
  ) {}

  async write(name: string, bytes: Uint8Array): Promise<void> {
    await this.store.putBytes(`${this.prefix}${name}`, bytes);
  }

  async read(name: string): Promise<Uint8Array> {
    const bytes = await this.store.getBytes(`${this.prefix}${name}`);
    if (!bytes) throw new Error(`checkpoint file ${this.prefix}${name} is missing`);
    return bytes;
  }
}
