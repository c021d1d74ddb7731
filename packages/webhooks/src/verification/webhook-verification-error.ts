export type WebhookVerificationFailure =
  | 'missing_headers'
  | 'malformed_headers'
  | 'invalid_signature'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'invalid_payload';

/** One error type with a machine-readable reason, so a receiver can log why it refused. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}
