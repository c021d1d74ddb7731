/**
 * Bounded cache of piece → token count, looked up by a region of a larger string, so that a hit
 * allocates nothing (no substring, no Map key). Open addressing over one Int32Array: a slot is
 * [high, low, count, last] of a key computed in place from the region's UTF-16 units.
 *
 * Counts must equal a full encode exactly, so a key never stands for two pieces:
 * - a piece of up to 12 ASCII characters is its own key (7 bits a character plus its length,
 *   over high, low and the slot's last field, tagged by bit 30 of `high`): most words of real
 *   text, found without touching anything else;
 * - a longer piece's key is a fingerprint (bit 30 clear, length in the low byte), and the piece
 *   itself, copied into an arena, is compared unit by unit on a match. That comparison is a
 *   second memory access, which is why short pieces avoid it: with every piece verified (then
 *   through a string per slot) throughput halved.
 *
 * Bounded by entries: when full it starts over empty rather than tracking recency. Piece
 * frequencies follow Zipf's law, so the hot pieces are back within a few thousand lookups, and an
 * LRU's bookkeeping would cost on every hit, which is nearly every lookup.
 */
export class PieceCache {
  /** Slot s is [high, low, count, extra key or arena offset] at 4s (four slots a cache line); count -1 marks an empty slot. */
  private slots: Int32Array;
  /** The UTF-16 units of fingerprinted pieces, back to back; a slot's offset and the length in its key find them. */
  private arena: Uint16Array;
  private arenaUsed = 0;
  private entries = 0;

  constructor(
    private readonly maxEntries: number,
    initialSlots = 1 << 14,
  ) {
    this.slots = emptySlots(initialSlots);
    this.arena = new Uint16Array(initialSlots * 4);
  }

  get size(): number {
    return this.entries;
  }

  /** The count stored for text[start, end), or -1. */
  get(text: string, start: number, end: number): number {
    const exact = computeKey(text, start, end);
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    for (let slot = slotOf(keyHigh, keyLow, keyExtra) & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const count = slots[at + 2]!;
      if (count < 0) return -1;
      if (slots[at + 1] === keyLow && slots[at] === keyHigh && (exact ? slots[at + 3] === keyExtra : this.sameText(slots[at + 3]!, text, start, end))) {
        return count;
      }
    }
  }

  /** Remembers the count of text[start, end), which get() just reported missing. */
  set(text: string, start: number, end: number, count: number): void {
    if (this.entries >= this.maxEntries) this.clear();
    if ((this.entries + 1) * 2 > this.slots.length >> 2) this.grow();
    const exact = computeKey(text, start, end);
    this.insert(keyHigh, keyLow, count, exact ? keyExtra : this.store(text, start, end));
  }

  /** `last` is a packed key's third part, or a fingerprinted piece's arena offset. */
  private insert(high: number, low: number, count: number, last: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let slot = slotOf(high, low, high & PACKED ? last : 0) & mask;
    while (slots[(slot << 2) + 2]! >= 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    slots[at] = high;
    slots[at + 1] = low;
    slots[at + 2] = count;
    slots[at + 3] = last;
    this.entries += 1;
  }

  /** Copies the piece into the arena (no string is kept, so no big text is pinned by a slice). */
  private store(text: string, start: number, end: number): number {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const bigger = new Uint16Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    const offset = this.arenaUsed;
    for (let i = 0; i < length; i++) this.arena[offset + i] = text.charCodeAt(start + i);
    this.arenaUsed += length;
    return offset;
  }

  /** The key's fingerprint matched: is the stored piece really text[start, end)? (The length is part of the key.) */
  private sameText(offset: number, text: string, start: number, end: number): boolean {
    const arena = this.arena;
    for (let i = start; i < end; i++) if (arena[offset + i - start] !== text.charCodeAt(i)) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = emptySlots((old.length >> 2) * 2);
    this.entries = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2]! >= 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
  }

  private clear(): void {
    this.slots = emptySlots(this.slots.length >> 2);
    this.arenaUsed = 0;
    this.entries = 0;
  }
}

function emptySlots(slotCount: number): Int32Array {
  const slots = new Int32Array(slotCount * 4);
  for (let at = 2; at < slots.length; at += 4) slots[at] = -1;
  return slots;
}

/** Spreads packed keys (whose bits are just characters) over the table. */
function slotOf(high: number, low: number, extra: number): number {
  const mixed = Math.imul(low ^ Math.imul(high ^ Math.imul(extra, 0x27d4eb2f), 0x9e3779b1), 0x85ebca6b);
  return mixed ^ (mixed >>> 15);
}

// The last key, handed back through module state so that computing it allocates nothing.
let keyHigh = 0;
let keyLow = 0;
/** Characters 8-11 of a packed key; 0 for a fingerprint (whose slot holds an arena offset there). */
let keyExtra = 0;

const PACKED = 1 << 30;

/** Sets keyHigh/keyLow for text[start, end); true when the key is the piece itself (packed). */
function computeKey(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length <= 12) {
    // low: length (bits 28-31) and characters 0-3; high: the tag and characters 4-7; extra: 8-11.
    let low = length << 28;
    let high = PACKED;
    let extra = 0;
    let ascii = true;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(start + i);
      if (c >= 128) {
        ascii = false;
        break;
      }
      if (i < 4) low |= c << (7 * i);
      else if (i < 8) high |= c << (7 * (i - 4));
      else extra |= c << (7 * (i - 8));
    }
    if (ascii) {
      keyHigh = high;
      keyLow = low;
      keyExtra = extra;
      return true;
    }
  }
  fingerprint(text, start, end);
  keyExtra = 0;
  return false;
}

/**
 * Two 32-bit hash lanes (FNV-1a and a murmur-style mix) with final avalanches; bit 30 of high
 * cleared (the packed-key tag) and the low 8 bits of low replaced by the length, so that the
 * length comparison comes free with the key's.
 */
function fingerprint(text: string, start: number, end: number): void {
  let a = 0x811c9dc5 ^ (end - start);
  let b = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 15;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  keyHigh = a & ~PACKED;
  keyLow = (b & ~0xff) | (end - start);
}
