/**
 * A cache of piece → token count, looked up by a region of a larger string.
 *
 * Measured first with a Map<string, number>: with ~100k distinct pieces each lookup
 * costs ~115 ns, mostly a cache miss on the key string (plus slicing it). Here a
 * piece is identified by a 64-bit fingerprint computed in place (two 32-bit hash
 * lanes over its UTF-16 units), and slots live in one typed array, so a lookup
 * touches one cache line and allocates nothing. Two different pieces sharing a
 * fingerprint would share a count; among 500k pieces the odds are ~10^-8, and the
 * benchmark's self-check compares against uncached encodes anyway.
 */
export class PieceTable {
  /** Slot i is [high, low, count, unused] at 4i: one cache line per probe. -1 count = empty. */
  private slots: Int32Array;
  private entries = 0;

  constructor(
    private readonly maxEntries: number,
    initialSlots = 1 << 16,
  ) {
    this.slots = emptySlots(initialSlots);
  }

  get size(): number {
    return this.entries;
  }

  /** The count stored for text[start, end), or -1. */
  get(text: string, start: number, end: number): number {
    fingerprint(text, start, end);
    const slots = this.slots;
    const mask = (slots.length >>> 2) - 1;
    for (let slot = lastLow & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const count = slots[at + 2]!;
      if (count < 0) return -1;
      if (slots[at + 1] === lastLow && slots[at] === lastHigh) return count;
    }
  }

  set(text: string, start: number, end: number, count: number): void {
    if (this.entries >= this.maxEntries) this.clear();
    if ((this.entries + 1) * 2 > this.slots.length >>> 2) this.grow();
    fingerprint(text, start, end);
    this.insert(lastHigh, lastLow, count);
  }

  private insert(high: number, low: number, count: number): void {
    const slots = this.slots;
    const mask = (slots.length >>> 2) - 1;
    let slot = low & mask;
    while (slots[(slot << 2) + 2]! >= 0) {
      if (slots[(slot << 2) + 1] === low && slots[slot << 2] === high) return;
      slot = (slot + 1) & mask;
    }
    const at = slot << 2;
    slots[at] = high;
    slots[at + 1] = low;
    slots[at + 2] = count;
    this.entries += 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = emptySlots((old.length >>> 2) * 2);
    this.entries = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2]! >= 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }

  private clear(): void {
    this.slots = emptySlots(this.slots.length >>> 2);
    this.entries = 0;
  }
}

function emptySlots(count: number): Int32Array {
  const slots = new Int32Array(count * 4);
  for (let at = 2; at < slots.length; at += 4) slots[at] = -1;
  return slots;
}

// The last fingerprint, returned through module state to avoid allocating a pair.
let lastHigh = 0;
let lastLow = 0;

function fingerprint(text: string, start: number, end: number): void {
  let a = 0x811c9dc5 ^ (end - start);
  let b = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  // Final mixes so that every unit reaches the low bits, which pick the slot.
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 15;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  lastHigh = a | 0;
  lastLow = b | 0;
}
