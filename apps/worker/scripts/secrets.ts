/**
 * Webhook signing secrets at rest (`npm run secrets -- <command>`), with the keys in
 * WEBHOOK_SECRET_KEYS:
 *
 *   status      how many endpoints still hold a secret in plaintext or under a key other than the first
 *   reencrypt   moves every secret onto the first key (after a new key was put first); prints what it did
 *
 * Rotation: put the new key first (`new:<base64>,old:<base64>`), deploy, run `reencrypt` until
 * `status` says 0, then drop the old key. Workers also re-encrypt once at start.
 */
import { createDb } from '@whetstone/db';
import { ConfigError, loadWorkerConfig } from '@whetstone/config';
import { countSecretsOffActiveKey, reencryptWebhookSecrets } from '@whetstone/services';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'status' && command !== 'reencrypt') {
    console.error('usage: npm run secrets -- status | reencrypt');
    return 2;
  }
  const config = loadWorkerConfig();
  const db = createDb({ databaseUrl: config.DATABASE_URL, maxConnections: 2 });
  try {
    const keyring = config.WEBHOOK_SECRET_KEYS;
    if (command === 'reencrypt') {
      const result = await reencryptWebhookSecrets(db, keyring);
      console.log(JSON.stringify({ active_key: keyring.activeKeyId, ...result }));
    }
    console.log(JSON.stringify({ active_key: keyring.activeKeyId, endpoints_off_active_key: await countSecretsOffActiveKey(db, keyring) }));
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
