import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCheckpointFileName, type CheckpointStore } from './checkpoint-store';

/**
 * A checkpoint store over a local folder. Each file is written under a temporary name and renamed, so
 * a crash never leaves a truncated file under its real name.
 */
export class LocalFolderCheckpointStore implements CheckpointStore {
  constructor(readonly dir: string) {}

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const target = path.join(this.dir, checkCheckpointFileName(name));
    const temporary = path.join(this.dir, `.${name}.partial-${process.pid}`);
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(name: string): Promise<Uint8Array> {
    return readFile(path.join(this.dir, checkCheckpointFileName(name)));
  }
}
