import { decodeSafetensors } from '../io/safetensors/safetensors-file';
import { adamWStateFromTensors } from '../optim/adamw';
import type { HostTensor } from '../tensor/host-tensor';
import { CheckpointError } from './checkpoint-error';
import {
  CHECKPOINT_FILES,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  checkpointManifestSchema,
  decodeJson,
  healthFileSchema,
  sha256Hex,
  type CheckpointFileRef,
} from './checkpoint-manifest';
import type { CheckpointState } from './checkpoint-state';
import type { CheckpointStore } from './checkpoint-store';

/**
 * Reads a checkpoint written by saveCheckpoint. Throws CheckpointError: 'not_found' without a
 * manifest, 'unsupported_version' for a newer format, 'corrupt' when a file is missing, does not match
 * its recorded size and SHA-256, or does not parse.
 */
export async function loadCheckpoint(store: CheckpointStore): Promise<CheckpointState> {
  let manifestBytes: Uint8Array;
  try {
    manifestBytes = await store.read(CHECKPOINT_FILES.manifest);
  } catch (error) {
    throw new CheckpointError('not_found', `no checkpoint: cannot read ${CHECKPOINT_FILES.manifest} (${(error as Error).message})`, { cause: error });
  }
  const raw = parseJson(manifestBytes, CHECKPOINT_FILES.manifest) as { format?: unknown; version?: unknown };
  if (raw?.format !== CHECKPOINT_FORMAT) throw new CheckpointError('corrupt', `${CHECKPOINT_FILES.manifest} is not a ${CHECKPOINT_FORMAT} manifest`);
  if (typeof raw.version === 'number' && raw.version > CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError('unsupported_version', `the checkpoint has format version ${raw.version}; this engine reads up to ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const parsed = checkpointManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CheckpointError('corrupt', `${CHECKPOINT_FILES.manifest}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const manifest = parsed.data;
  const { files } = manifest;

  const trainable = decodeSafetensors(await readVerified(store, files.trainable), files.trainable.name).tensors;
  const optimizerFile = decodeSafetensors(await readVerified(store, files.optimizer), files.optimizer.name);
  const optimizer = adamWStateFromTensors(Object.fromEntries(optimizerFile.tensors), optimizerFile.metadata);
  const health = healthFileSchema.safeParse(parseJson(await readVerified(store, files.health), files.health.name));
  if (!health.success) throw new CheckpointError('corrupt', `${files.health.name}: ${health.error.issues[0]!.message}`);
  let bestTrainable: Map<string, HostTensor> | undefined;
  if (manifest.bestTrainable === 'trainable') bestTrainable = trainable;
  if (manifest.bestTrainable === 'file') {
    if (!files.best) throw new CheckpointError('corrupt', `${CHECKPOINT_FILES.manifest} says the best step's tensors have a file but names none`);
    bestTrainable = decodeSafetensors(await readVerified(store, files.best), files.best.name).tensors;
  }

  const step = manifest.position.step;
  if (optimizer.step !== step) throw new CheckpointError('corrupt', `the optimizer state is at step ${optimizer.step}, the manifest at step ${step}`);
  return {
    loop: manifest.loop,
    position: manifest.position,
    trainedTokens: manifest.trainedTokens,
    trainer: { step, trainable, optimizer },
    schedule: manifest.schedule,
    rng: manifest.rng,
    run: manifest.run,
    tracking: { ...manifest.tracking, health: health.data },
    ...(bestTrainable ? { bestTrainable } : {}),
  };
}

async function readVerified(store: CheckpointStore, file: CheckpointFileRef): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await store.read(file.name);
  } catch (error) {
    throw new CheckpointError('corrupt', `the checkpoint lacks ${file.name} (${(error as Error).message})`, { cause: error });
  }
  if (bytes.byteLength !== file.bytes || sha256Hex(bytes) !== file.sha256) {
    throw new CheckpointError('corrupt', `${file.name} does not match the manifest (${bytes.byteLength} bytes, expected ${file.bytes}; or its SHA-256 differs)`);
  }
  return bytes;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return decodeJson(bytes);
  } catch (error) {
    throw new CheckpointError('corrupt', `${name} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
