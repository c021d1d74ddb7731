/** The CLI's exit codes (documented in apps/cli/README.md); scripts can branch on them. */
export const EXIT = {
  ok: 0,
  /** Anything unexpected, including the API being unreachable. */
  failure: 1,
  /** Bad flags or arguments, a missing local file, an unreadable spec. */
  usage: 2,
  /** No API key configured, or the API rejected it (401). */
  auth: 3,
  /** The API refused the request (any other 4xx or 5xx); its code and message are printed. */
  api: 4,
  /** The work itself failed: a watched job failed or was cancelled, an uploaded file did not validate. */
  workFailed: 5,
} as const;

/** An error that ends the command with a given exit code and a message for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
