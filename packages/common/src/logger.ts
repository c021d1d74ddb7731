import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { currentLogContext } from './log-context';

/**
 * Paths never written to logs: credentials in headers and any field that holds a secret.
 * pino replaces them with "[redacted]".
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'previousSecret',
  '*.previousSecret',
  'password',
  '*.password',
  'token',
  '*.token',
  'DATABASE_URL',
  'S3_SECRET_ACCESS_KEY',
  'ADMIN_TOKEN',
];

export interface LoggerSettings {
  level: string;
  name: string;
}

/**
 * Adds the current log context (request or queue job ids) to a line, except the keys the
 * logger already binds (a request's own child logger has `reqId`; no key appears twice).
 */
function logContextMixin(_merge: object, _level: number, logger: Logger): object {
  const fields = currentLogContext();
  if (!fields) return {};
  const bound = logger.bindings();
  const missing: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (!(key in bound)) missing[key] = value;
  return missing;
}

/**
 * JSON logs, pretty only when stdout is a terminal (and pino-pretty is installed). Every line
 * written inside a request or queue job carries its ids (see log-context.ts).
 */
export function createLogger(settings: LoggerSettings, extra: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: logContextMixin as LoggerOptions['mixin'],
    ...extra,
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY && prettyAvailable()) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(options);
}

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export type { Logger };
