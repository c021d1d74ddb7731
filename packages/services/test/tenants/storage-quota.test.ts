import { QuotaError } from '@whetstone/common';
import { createDb } from '@whetstone/db';
import { createOrganization, releaseStorage, RESERVATION_TTL_MS, StorageReservation, sweepExpiredStorageReservations } from '../../src';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const orgIds: string[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  await db.$disconnect();
});

async function org(storageBytes: number | null) {
  const o = await createOrganization(db, { name: 'storage-quota', quotas: { storage_bytes: storageBytes } });
  orgIds.push(o.id);
  return o.id;
}
const used = async (id: string) => Number((await db.organization.findUniqueOrThrow({ where: { id } })).storageBytesUsed);

describe('storage reservations', () => {
  it('let concurrent writers take exactly what the quota holds, never more', async () => {
    const id = await org(1000);
    const writers = Array.from({ length: 25 }, () => new StorageReservation(db, id));
    const outcomes = await Promise.allSettled(writers.map((w) => w.reserve(100)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as QuotaError).code).toBe('quota_exceeded:storage_bytes');
    expect(await used(id)).toBe(1000);
  });

  it('keep what was written on commit and give the rest back; release gives everything back', async () => {
    const id = await org(null);
    const a = new StorageReservation(db, id);
    await a.reserve(500);
    await a.reserve(300);
    await db.$transaction((tx) => a.commit(tx, 650));
    const b = new StorageReservation(db, id);
    await b.reserve(400);
    expect(await used(id)).toBe(1050);
    await b.release();
    expect(await used(id)).toBe(650);
    await db.$transaction((tx) => releaseStorage(tx, id, 650));
    expect(await used(id)).toBe(0);
    expect(await db.storageReservation.count({ where: { organizationId: id } })).toBe(0);
  });

  it("of a writer that died are given back by the sweep once they expire; a late commit still counts what it stored", async () => {
    const id = await org(1000);
    const dead = new StorageReservation(db, id);
    await dead.reserve(700);
    const late = new StorageReservation(db, id);
    await late.reserve(200);
    expect(await sweepExpiredStorageReservations(db)).toBeGreaterThanOrEqual(0);
    expect(await used(id)).toBe(900);
    await sweepExpiredStorageReservations(db, new Date(Date.now() + RESERVATION_TTL_MS + 1000));
    expect(await used(id)).toBe(0);
    await db.$transaction((tx) => late.commit(tx, 200));
    expect(await used(id)).toBe(200);
  });
});
