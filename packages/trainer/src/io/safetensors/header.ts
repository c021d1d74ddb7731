import { elementCount } from '../../tensor/host-tensor';
import { SAFETENSORS_DTYPE_BYTES } from './dtypes';

/**
 * The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}`), then
 * the tensor data, with offsets relative to the end of the header.
 */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte range [begin, end) relative to the start of the data section. */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  tensors: Map<string, SafetensorsTensorInfo>;
  metadata: Record<string, string>;
  /** Absolute file offset of the data section: 8 + header length. */
  dataStart: number;
}

/** Same cap as the reference implementation: larger headers indicate a corrupt or hostile file. */
export const MAX_HEADER_BYTES = 100_000_000;

export function readHeaderLength(prefix: Uint8Array, source: string): number {
  if (prefix.length < 8) throw new Error(`${source}: not a safetensors file (shorter than 8 bytes)`);
  const length = Buffer.from(prefix.buffer, prefix.byteOffset, 8).readBigUInt64LE(0);
  if (length > BigInt(MAX_HEADER_BYTES)) throw new Error(`${source}: safetensors header length ${length} is implausibly large`);
  return Number(length);
}

/**
 * Parses and validates the JSON header: every tensor's byte range must match its dtype and
 * shape and lie inside the data section of `dataLength` bytes.
 */
export function parseSafetensorsHeader(json: Uint8Array, dataLength: number, source: string): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
  } catch (error) {
    throw new Error(`${source}: safetensors header is not valid JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${source}: safetensors header must be a JSON object`);
  const tensors = new Map<string, SafetensorsTensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    tensors.set(name, parseEntry(name, entry, dataLength, source));
  }
  return { tensors, metadata, dataStart: 8 + json.byteLength };
}

function parseEntry(name: string, entry: unknown, dataLength: number, source: string): SafetensorsTensorInfo {
  const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const where = `${source}: tensor "${name}"`;
  if (typeof e?.dtype !== 'string') throw new Error(`${where} has no dtype`);
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${where} has an invalid shape`);
  const offsets = e.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
    throw new Error(`${where} has invalid data_offsets`);
  }
  const [begin, end] = offsets as [number, number];
  const elementBytes = SAFETENSORS_DTYPE_BYTES[e.dtype];
  const shape = e.shape as number[];
  if (elementBytes !== undefined && end - begin !== elementCount(shape) * elementBytes) {
    throw new Error(`${where}: data_offsets span ${end - begin} bytes, but ${e.dtype}[${shape}] needs ${elementCount(shape) * elementBytes}`);
  }
  if (end < begin || end > dataLength) throw new Error(`${where}: data_offsets [${begin}, ${end}] fall outside the ${dataLength}-byte data section`);
  return { name, dtype: e.dtype, shape, dataOffsets: [begin, end] };
}

/**
 * Encodes a header: 8-byte length + JSON padded with spaces to a multiple of 8 bytes, so the data
 * section starts 8-byte aligned (as the reference writer does).
 */
export function encodeSafetensorsHeader(entries: readonly SafetensorsTensorInfo[], metadata: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  for (const { name, dtype, shape, dataOffsets } of entries) header[name] = { dtype, shape, data_offsets: dataOffsets };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (8 - (json.length % 8)) % 8;
  if (padding > 0) json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length), 0);
  return Buffer.concat([prefix, json]);
}
