import type { Db } from '@whetstone/db';
import { decryptSecret, encryptSecret, secretKeyId, type SecretKeyring } from '@whetstone/webhooks';

export interface ReencryptResult {
  /** Endpoints whose secret(s) were rewritten under the active key. */
  updated: number;
  /** Endpoints changed by someone else meanwhile (a rotation); the next run takes them. */
  skipped: number;
}

const BATCH = 100;

/**
 * Moves every webhook signing secret onto the keyring's active key: legacy plaintext rows (stored
 * before encryption) are encrypted, rows under an older key are re-encrypted. Each row is updated
 * only if it still holds what was read, so it is safe beside rotations and other replicas. Run at
 * worker start and by `npm run secrets -- reencrypt` after a new key is put first; once it reports
 * nothing left, the old key can leave WEBHOOK_SECRET_KEYS.
 */
export async function reencryptWebhookSecrets(db: Db, keyring: SecretKeyring): Promise<ReencryptResult> {
  const onActiveKey = `enc:v1:${keyring.activeKeyId}:%`;
  const result: ReencryptResult = { updated: 0, skipped: 0 };
  let after = '';
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; secret: string; previousSecret: string | null }[]>`
      SELECT id, secret, "previousSecret" FROM webhook_endpoints
      WHERE id > ${after} AND (secret NOT LIKE ${onActiveKey} OR "previousSecret" NOT LIKE ${onActiveKey})
      ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) return result;
    for (const row of rows) {
      const moved = (stored: string) => (secretKeyId(stored) === keyring.activeKeyId ? stored : encryptSecret(keyring, decryptSecret(keyring, stored, row.id), row.id));
      const changed = await db.webhookEndpoint.updateMany({
        where: { id: row.id, secret: row.secret, previousSecret: row.previousSecret },
        data: { secret: moved(row.secret), previousSecret: row.previousSecret === null ? null : moved(row.previousSecret) },
      });
      if (changed.count === 1) result.updated++;
      else result.skipped++;
    }
    after = rows.at(-1)!.id;
  }
}

/** How many endpoints still hold a secret in plaintext or under another key than the active one. */
export async function countSecretsOffActiveKey(db: Db, keyring: SecretKeyring): Promise<number> {
  const onActiveKey = `enc:v1:${keyring.activeKeyId}:%`;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM webhook_endpoints WHERE secret NOT LIKE ${onActiveKey} OR "previousSecret" NOT LIKE ${onActiveKey}`;
  return row?.n ?? 0;
}
