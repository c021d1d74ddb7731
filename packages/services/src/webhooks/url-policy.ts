import { ValidationError } from '@whetstone/common';
import { checkWebhookUrl, type AllowedHosts, type UrlRefusalReason } from '@whetstone/webhooks';

/** Where webhooks may go: WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOWED_HOSTS, parsed once at boot. */
export interface WebhookUrlPolicy {
  allowHttp: boolean;
  allowedHosts: AllowedHosts;
}

/** Stable error codes for each refusal, so clients can tell "use https" from "private address". */
const REFUSAL_CODES: Record<UrlRefusalReason, string> = {
  invalid_url: 'invalid_url',
  unsupported_scheme: 'unsupported_url_scheme',
  http_not_allowed: 'https_required',
  credentials_in_url: 'url_credentials_not_allowed',
  dns_lookup_failed: 'url_unresolvable',
  forbidden_address: 'url_forbidden_address',
};

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Refuses a URL our servers may not call (400 naming `url`): not https (unless allowed), or
 * resolving to a private, loopback, link-local or otherwise non-public address (unless its host is
 * allowlisted). The worker checks again at every send, because DNS answers change.
 */
export async function assertWebhookUrlAllowed(url: string, policy: WebhookUrlPolicy): Promise<void> {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new ValidationError(`Webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`, 'url', 'invalid_url');
  }
  const check = await checkWebhookUrl(url, { allowHttp: policy.allowHttp, allowedHosts: policy.allowedHosts });
  if (check.ok) return;
  const hint =
    check.reason === 'forbidden_address'
      ? '; webhooks are never sent to private, loopback, link-local or other non-public addresses'
      : '';
  throw new ValidationError(`Webhook URL refused: ${check.message}${hint}.`, 'url', REFUSAL_CODES[check.reason]);
}
