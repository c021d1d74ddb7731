/**
 * The Standard Webhooks reference library, loaded if installed. Typed locally (only what the
 * tests use) so the suite type-checks without it; its absence skips the interop tests loudly.
 */
export interface ReferenceWebhook {
  verify(payload: string | Buffer, headers: Record<string, string>): unknown;
  sign(msgId: string, timestamp: Date, payload: string | Buffer): string;
}

export type ReferenceWebhookConstructor = new (secret: string) => ReferenceWebhook;

export function loadReferenceWebhook(): ReferenceWebhookConstructor | undefined {
  try {
    return (require('standardwebhooks') as { Webhook: ReferenceWebhookConstructor }).Webhook;
  } catch {
    return undefined;
  }
}
