import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from '../src';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream), lines };
}

describe('log redaction', () => {
  it('redacts a webhook endpoint’s previous signing secret as well as the current one', () => {
    const { logger, lines } = capture();
    logger.info({ endpoint: { id: 'we_1', secret: 'whsec_current', previousSecret: 'whsec_previous' } }, 'endpoint');
    logger.info({ previousSecret: 'whsec_top' }, 'top level');
    const out = lines.join('');
    expect(out).not.toContain('whsec_current');
    expect(out).not.toContain('whsec_previous');
    expect(out).not.toContain('whsec_top');
    expect(out).toContain('we_1');
  });
});
