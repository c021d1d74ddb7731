/**
 * 16-bit float decoding. IEEE binary16 (safetensors "F16") and bfloat16 ("BF16") to float32.
 */

let float16Table: Float32Array | undefined;

/** Decodes one IEEE half-precision bit pattern (sign 1, exponent 5, fraction 10 bits). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Converts half-precision bit patterns to float32 (every half value is exact in float32). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  // A 65,536-entry table (256 KiB, built once) makes multi-gigabyte checkpoints cheap to convert.
  if (!float16Table) {
    float16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) float16Table[h] = float16BitsToNumber(h);
  }
  const table = float16Table;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}

/** bfloat16 is the top half of a float32: shifting the bits back is an exact conversion. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i]! << 16;
  return new Float32Array(words.buffer);
}
