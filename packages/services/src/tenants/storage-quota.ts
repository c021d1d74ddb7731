import { newId, QuotaError } from '@whetstone/common';
import type { Db, Tx } from '@whetstone/db';

/** A writer that died leaves its reservation; after this long without a new block the sweep gives it back. */
export const RESERVATION_TTL_MS = 60 * 60 * 1000;

/**
 * Bytes reserved against an organization's `storage_bytes` quota before they are written.
 * Every reservation is one conditional UPDATE of `storageBytesUsed` (the row's own lock orders
 * concurrent writers), so uploads and artifact writes racing each other cannot overshoot.
 * `commit` keeps the bytes written counted (in the transaction that records what they belong
 * to); `release` gives everything back when the write fails.
 */
export class StorageReservation {
  readonly id = newId('storageReservation');
  private reserved = 0;

  constructor(
    private readonly db: Db,
    readonly organizationId: string,
  ) {}

  get bytes(): number {
    return this.reserved;
  }

  /**
   * Reserves `bytes` more, or throws QuotaError('storage_bytes') leaving the count unchanged. One
   * statement (no interactive transaction holding a pool connection): the conditional UPDATE and
   * the reservation row change together or not at all.
   */
  async reserve(bytes: number): Promise<void> {
    if (bytes <= 0) return;
    const expiresAt = new Date(Date.now() + RESERVATION_TTL_MS);
    const [row] = await this.db.$queryRaw<{ n: number }[]>`
      WITH taken AS (
        UPDATE organizations SET "storageBytesUsed" = "storageBytesUsed" + ${BigInt(bytes)}
        WHERE id = ${this.organizationId} AND ("storageBytes" IS NULL OR "storageBytesUsed" + ${BigInt(bytes)} <= "storageBytes")
        RETURNING id
      ), held AS (
        INSERT INTO storage_reservations (id, "organizationId", bytes, "expiresAt")
        SELECT ${this.id}, id, ${BigInt(bytes)}, ${expiresAt} FROM taken
        ON CONFLICT (id) DO UPDATE SET bytes = storage_reservations.bytes + EXCLUDED.bytes, "expiresAt" = EXCLUDED."expiresAt"
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM held`;
    if ((row?.n ?? 0) !== 1) throw await quotaExceeded(this.db, this.organizationId, bytes);
    this.reserved += bytes;
  }

  /**
   * Keeps `written` bytes counted for what was stored and gives the rest of the reservation back,
   * inside the caller's transaction. If the reservation expired meanwhile (its bytes were given
   * back by the sweep), the written bytes are counted again: stored bytes are never left out.
   */
  async commit(tx: Tx, written: number): Promise<void> {
    const [row] = await tx.$queryRaw<{ bytes: bigint }[]>`DELETE FROM storage_reservations WHERE id = ${this.id} RETURNING bytes`;
    const held = row ? Number(row.bytes) : 0;
    await adjustUsed(tx, this.organizationId, written - held);
    this.reserved = 0;
  }

  /** Gives the whole reservation back (the write failed or was abandoned), in one statement. */
  async release(): Promise<void> {
    if (this.reserved === 0) return;
    await this.db.$executeRaw`
      WITH gone AS (DELETE FROM storage_reservations WHERE id = ${this.id} RETURNING "organizationId", bytes)
      UPDATE organizations o SET "storageBytesUsed" = GREATEST(0, o."storageBytesUsed" - gone.bytes) FROM gone WHERE o.id = gone."organizationId"`;
    this.reserved = 0;
  }
}

/** Gives back the bytes of something deleted (call in the transaction that marks it deleted, once). */
export async function releaseStorage(tx: Tx, organizationId: string, bytes: number | bigint): Promise<void> {
  await adjustUsed(tx, organizationId, -Number(bytes));
}

async function adjustUsed(tx: Tx, organizationId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx.$executeRaw`
    UPDATE organizations SET "storageBytesUsed" = GREATEST(0, "storageBytesUsed" + ${BigInt(delta)}) WHERE id = ${organizationId}`;
}

async function quotaExceeded(db: Db, organizationId: string, bytes: number): Promise<QuotaError> {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { storageBytes: true, storageBytesUsed: true } });
  const limit = org?.storageBytes ?? 0n;
  const used = org?.storageBytesUsed ?? 0n;
  return new QuotaError(
    'storage_bytes',
    `Storing ${bytes} more bytes would exceed your organization's storage quota of ${limit} bytes (${used} in use); delete files or fine-tuned models to free space.`,
  );
}

/**
 * Gives back the bytes of reservations whose writer died (expired without a commit or release).
 * One statement: the deleted reservations and the counts they free change together.
 */
export async function sweepExpiredStorageReservations(db: Db, now = new Date()): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    WITH gone AS (
      DELETE FROM storage_reservations WHERE "expiresAt" < ${now} RETURNING "organizationId", bytes
    ), per AS (
      SELECT "organizationId", sum(bytes) AS bytes, count(*) AS n FROM gone GROUP BY "organizationId"
    ), freed AS (
      UPDATE organizations o SET "storageBytesUsed" = GREATEST(0, o."storageBytesUsed" - per.bytes) FROM per WHERE o.id = per."organizationId" RETURNING per.n
    )
    SELECT coalesce(sum(n), 0)::int AS n FROM freed`;
  return rows[0]?.n ?? 0;
}
