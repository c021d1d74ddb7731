import { z } from 'zod';

/** Raised at boot when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with `schema`, collecting every problem (not just the first) into one error. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    const shown = value === undefined ? 'not set' : `got ${JSON.stringify(redactIfSecret(name, value))}`;
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}

function redactIfSecret(name: string, value: string): string {
  if (/TOKEN|SECRET|PASSWORD|KEY/i.test(name)) return '[redacted]';
  // A URL's user-info (postgres://user:password@host) is a credential whatever the variable.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/i, '$1[redacted]@');
}

/** "true"/"false"/"1"/"0" → boolean; env values are strings. */
export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

export const integerFromEnv = (min = 0) =>
  z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(min, `must be at least ${min}`);

/** A positive duration in seconds; fractions allowed (short schedules in tests). */
export const secondsFromEnv = z.coerce.number({ message: 'must be a number' }).positive('must be positive');
