export { SafetensorsFile, decodeSafetensors, type TensorReader } from './safetensors-file';
export {
  writeSafetensorsFile,
  encodeSafetensors,
  planSafetensorsLayout,
  DEFAULT_SAFETENSORS_METADATA,
  type NamedTensors,
} from './write-safetensors';
export { openSafetensorsCheckpoint, writeSafetensorsCheckpoint, type SafetensorsIndex, type WriteCheckpointOptions } from './checkpoint';
export { parseSafetensorsHeader, encodeSafetensorsHeader, type SafetensorsHeader, type SafetensorsTensorInfo } from './header';
export { decodeTensorBytes, SAFETENSORS_DTYPE_BYTES } from './dtypes';
export { float16BitsToNumber, float16ToFloat32, bfloat16ToFloat32 } from './half-precision';
