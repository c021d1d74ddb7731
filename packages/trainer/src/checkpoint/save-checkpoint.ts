import { encodeSafetensors } from '../io/safetensors/write-safetensors';
import { adamWStateToTensors } from '../optim/adamw';
import { CHECKPOINT_FILES, CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, encodeJson, sha256Hex, type CheckpointFileRef, type CheckpointManifest } from './checkpoint-manifest';
import type { CheckpointState } from './checkpoint-state';
import type { CheckpointStore } from './checkpoint-store';

/**
 * Writes a checkpoint: tensors as safetensors (the trainable tensors, the AdamW moments, the best
 * step's tensors when kept), the health history as JSON, then the manifest (format version, loop
 * position, schedule, seed, hyperparameters, data digest, tracking, and each file's size and SHA-256).
 * The manifest goes last, so a reader never sees a manifest whose files are not all written; the
 * digests catch a checkpoint whose files were overwritten in part. Returns the file names written.
 */
export async function saveCheckpoint(store: CheckpointStore, state: CheckpointState): Promise<string[]> {
  const { position, trainer } = state;
  if (trainer.step !== position.step || trainer.optimizer.step !== position.step) {
    throw new Error(`saveCheckpoint: the loop is at step ${position.step}, the trainer at ${trainer.step}, the optimizer at ${trainer.optimizer.step}`);
  }
  const put = async (name: string, bytes: Uint8Array): Promise<CheckpointFileRef> => {
    await store.write(name, bytes);
    return { name, bytes: bytes.byteLength, sha256: sha256Hex(bytes) };
  };
  const optimizer = adamWStateToTensors(trainer.optimizer);
  const bestStep = state.tracking.best?.step;
  const bestTrainable = !state.bestTrainable ? 'none' : bestStep === position.step ? 'trainable' : 'file';
  const files: CheckpointManifest['files'] = {
    trainable: await put(CHECKPOINT_FILES.trainable, encodeSafetensors(trainer.trainable, { format: 'pt' })),
    optimizer: await put(CHECKPOINT_FILES.optimizer, encodeSafetensors(optimizer.tensors, optimizer.metadata)),
    health: await put(CHECKPOINT_FILES.health, encodeJson(state.tracking.health)),
    ...(bestTrainable === 'file' ? { best: await put(CHECKPOINT_FILES.best, encodeSafetensors(state.bestTrainable!, { format: 'pt', step: String(bestStep) })) } : {}),
  };
  const { health: _health, ...tracking } = state.tracking;
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    loop: state.loop,
    position,
    trainedTokens: state.trainedTokens,
    schedule: state.schedule,
    rng: state.rng,
    run: state.run,
    tracking,
    bestTrainable,
    files,
  };
  await store.write(CHECKPOINT_FILES.manifest, encodeJson(manifest));
  return [...Object.values(files).map((f) => f.name), CHECKPOINT_FILES.manifest];
}
