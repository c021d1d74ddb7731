import pino, { type Logger, type LoggerOptions } from 'pino';

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

/** JSON logs, pretty only when stdout is a terminal (and pino-pretty is installed). */
export function createLogger(settings: LoggerSettings, extra: LoggerOptions = {}): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...extra,
  };
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
