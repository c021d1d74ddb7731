import type { Db } from '@whetstone/db';
import { decryptSecret, encryptSecret, SecretDecryptionError, secretKeyId, type SecretKeyring } from '@whetstone/webhooks';

export interface ReencryptResult {
  /** Endpoints whose secret(s) were rewritten under the active key. */
  updated: number;
  /** Endpoints changed by someone else meanwhile (a rotation); the next run takes them. */
  skipped: number;
  /**
   * Endpoints whose secret no configured key opens (a key removed too early, a damaged row): left
   * as they are and listed (at most 100 ids), so one bad row cannot stop the others moving.
   */
  unreadable: number;
  unreadableIds: string[];
}

const REPORTED_IDS = 100;

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
  const result: ReencryptResult = { updated: 0, skipped: 0, unreadable: 0, unreadableIds: [] };
  let after = '';
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; secret: string; previousSecret: string | null }[]>`
      SELECT id, secret, "previousSecret" FROM webhook_endpoints
      WHERE id > ${after} AND (secret NOT LIKE ${onActiveKey} OR "previousSecret" NOT LIKE ${onActiveKey})
      ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) return result;
    for (const row of rows) {
      const moved = (stored: string) => (secretKeyId(stored) === keyring.activeKeyId ? stored : encryptSecret(keyring, decryptSecret(keyring, stored, row.id), row.id));
      let data: { secret: string; previousSecret: string | null };
      try {
        data = { secret: moved(row.secret), previousSecret: row.previousSecret === null ? null : moved(row.previousSecret) };
      } catch (err) {
        if (!(err instanceof SecretDecryptionError)) throw err;
        result.unreadable++;
        if (result.unreadableIds.length < REPORTED_IDS) result.unreadableIds.push(row.id);
        continue;
      }
      const changed = await db.webhookEndpoint.updateMany({ where: { id: row.id, secret: row.secret, previousSecret: row.previousSecret }, data });
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
