import { open, rename, rm } from 'node:fs/promises';
import { elementCount, type HostTensor } from '../../tensor/host-tensor';
import { SAFETENSORS_DTYPE_BYTES, tensorBytes, WRITE_AS } from './dtypes';
import { encodeSafetensorsHeader, type SafetensorsTensorInfo } from './header';

export type NamedTensors = ReadonlyMap<string, HostTensor> | Readonly<Record<string, HostTensor>>;

/** transformers refuses to load safetensors weights whose metadata lacks a known `format`. */
export const DEFAULT_SAFETENSORS_METADATA: Readonly<Record<string, string>> = { format: 'pt' };

/**
 * Lays tensors out as the reference writer does: largest element size first, then by name (so
 * data stays aligned and the same tensors always give the same bytes), contiguous offsets.
 */
export function planSafetensorsLayout(tensors: NamedTensors): { entries: SafetensorsTensorInfo[]; ordered: [string, HostTensor][] } {
  const ordered = [...entries(tensors)].sort(([nameA, a], [nameB, b]) => {
    const bySize = elementBytes(b) - elementBytes(a);
    return bySize !== 0 ? bySize : nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
  });
  let offset = 0;
  const infos = ordered.map(([name, tensor]) => {
    const expected = elementCount(tensor.shape);
    if (tensor.data.length !== expected) {
      throw new Error(`safetensors: tensor "${name}" has shape [${tensor.shape}] (${expected} values) but ${tensor.data.length} values`);
    }
    const byteLength = expected * elementBytes(tensor);
    const info: SafetensorsTensorInfo = { name, dtype: WRITE_AS[tensor.dtype], shape: [...tensor.shape], dataOffsets: [offset, offset + byteLength] };
    offset += byteLength;
    return info;
  });
  return { entries: infos, ordered };
}

/** Serializes tensors to one in-memory safetensors buffer (small tensor sets: adapters, tests). */
export function encodeSafetensors(tensors: NamedTensors, metadata: Record<string, string> = { ...DEFAULT_SAFETENSORS_METADATA }): Buffer {
  const { entries: infos, ordered } = planSafetensorsLayout(tensors);
  return Buffer.concat([encodeSafetensorsHeader(infos, metadata), ...ordered.map(([, tensor]) => tensorBytes(tensor))]);
}

/**
 * Writes a safetensors file tensor by tensor (never the whole file in one buffer), to a temporary
 * name first and renamed at the end, so a crash never leaves a truncated file under the real name.
 */
export async function writeSafetensorsFile(
  path: string,
  tensors: NamedTensors,
  metadata: Record<string, string> = { ...DEFAULT_SAFETENSORS_METADATA },
): Promise<void> {
  const { entries: infos, ordered } = planSafetensorsLayout(tensors);
  const temporary = `${path}.partial-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.write(encodeSafetensorsHeader(infos, metadata));
    for (const [, tensor] of ordered) await handle.write(tensorBytes(tensor));
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

export function entries(tensors: NamedTensors): [string, HostTensor][] {
  return tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, HostTensor>);
}

export function tensorByteLength(tensor: HostTensor): number {
  return elementCount(tensor.shape) * elementBytes(tensor);
}

function elementBytes(tensor: HostTensor): number {
  return SAFETENSORS_DTYPE_BYTES[WRITE_AS[tensor.dtype]]!;
}
