import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CheckpointError } from '../../src/checkpoint/checkpoint-error';
import { CHECKPOINT_FILES } from '../../src/checkpoint/checkpoint-manifest';
import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import type { CheckpointStore } from '../../src/checkpoint/checkpoint-store';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { LocalFolderCheckpointStore } from '../../src/checkpoint/local-folder-store';
import { saveCheckpoint } from '../../src/checkpoint/save-checkpoint';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';
import { preferenceOptions, reversedHeldOut } from '../preference-loop/preference-fixture';

/** The S3 shape of the contract: named byte blobs, nothing else. */
class MemoryStore implements CheckpointStore {
  readonly files = new Map<string, Uint8Array>();
  async write(name: string, bytes: Uint8Array): Promise<void> {
    this.files.set(name, bytes.slice());
  }
  async read(name: string): Promise<Uint8Array> {
    const bytes = this.files.get(name);
    if (!bytes) throw new Error(`NoSuchKey: ${name}`);
    return bytes;
  }
}

const tempStore = () => new LocalFolderCheckpointStore(mkdtempSync(path.join(tmpdir(), 'whetstone-checkpoint-')));

let state: CheckpointState;
beforeAll(async () => {
  // Validation on reversed pairs gets worse as training goes on: the best step (1) is behind the last (3).
  const result = await runPreferenceTraining(
    preferenceOptions({ maxSteps: 3, evalEvery: 1, weightDecay: 0.01 }, { validationExamples: reversedHeldOut, checkpointSelection: 'best', earlyStopping: { patience: 5, minDelta: 0 } }),
  );
  state = result.checkpoint();
  state.tracking.health.train[1]!.gradNorm = NaN; // non-finite numbers must survive the JSON too
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips the whole state exactly: tensors, AdamW moments, position, schedule, seed, tracking, best weights', async () => {
    expect(state.tracking.best?.step).toBe(1);
    expect(state.position).toEqual({ epoch: 1, microBatch: 2, step: 3 });
    const store = tempStore();
    const files = await saveCheckpoint(store, state);
    expect(files).toEqual(['trainable.safetensors', 'optimizer.safetensors', 'health.json', 'best.safetensors', 'checkpoint.json']);
    const loaded = await loadCheckpoint(store);
    expect(loaded).toEqual(state);
    expect(loaded.trainer.optimizer.params[0]!.expAvgSq).toEqual(state.trainer.optimizer.params[0]!.expAvgSq);
    expect(Number.isNaN(loaded.tracking.health.train[1]!.gradNorm)).toBe(true);

    const manifest = JSON.parse(readFileSync(path.join(store.dir, CHECKPOINT_FILES.manifest), 'utf8'));
    expect(manifest).toMatchObject({ format: 'whetstone.checkpoint', version: 1, loop: 'preference', position: { step: 3 }, rng: { seed: 1 }, bestTrainable: 'file' });
    expect(manifest.run.hyperparameters).toMatchObject({ beta: 0.1, batchSize: 4, lossType: 'sigmoid' });
  });

  it('does not write the best weights twice when the best step is the current one', async () => {
    const store = new MemoryStore();
    await saveCheckpoint(store, { ...state, tracking: { ...state.tracking, best: { step: 3, validLoss: 0.1 } }, bestTrainable: state.trainer.trainable });
    expect([...store.files.keys()]).not.toContain('best.safetensors');
    const loaded = await loadCheckpoint(store);
    expect(loaded.bestTrainable).toEqual(state.trainer.trainable);
  });

  it('refuses a missing, damaged or newer checkpoint with a typed error', async () => {
    await expect(loadCheckpoint(tempStore())).rejects.toMatchObject({ name: 'CheckpointError', code: 'not_found' });

    const store = tempStore();
    await saveCheckpoint(store, state);
    const optimizerFile = path.join(store.dir, 'optimizer.safetensors');
    const bytes = readFileSync(optimizerFile);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1); // one bit of one moment
    writeFileSync(optimizerFile, bytes);
    await expect(loadCheckpoint(store)).rejects.toMatchObject({ code: 'corrupt', message: expect.stringContaining('optimizer.safetensors does not match') });

    const newer = new MemoryStore();
    await saveCheckpoint(newer, state);
    const manifest = JSON.parse(Buffer.from(newer.files.get(CHECKPOINT_FILES.manifest)!).toString('utf8'));
    await newer.write(CHECKPOINT_FILES.manifest, Buffer.from(JSON.stringify({ ...manifest, version: 2 })));
    const error = await loadCheckpoint(newer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ code: 'unsupported_version' });
  });

  it('keeps files inside the store folder', async () => {
    await expect(tempStore().write('../escape.json', new Uint8Array(1))).rejects.toThrow('not a checkpoint file name');
  });
});
