import { Writable } from 'node:stream';
import { createLogger, runWithLogContext } from '../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', name: 'test' }, {}, stream), lines, raw };
}

describe('log context', () => {
  it('adds the request or job ids of the work in progress to lines written with the process-wide logger, across awaits', async () => {
    const { logger, lines } = capture();
    await runWithLogContext({ reqId: 'req_1' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      logger.info('inside a request');
      await runWithLogContext({ jobId: 'ftjob-1' }, async () => logger.info('nested'));
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside a request', reqId: 'req_1' });
    expect(lines[1]).toMatchObject({ msg: 'nested', reqId: 'req_1', jobId: 'ftjob-1' });
    expect(lines[2]).not.toHaveProperty('reqId');
  });

  it('does not repeat a key the logger already binds', () => {
    const { logger, raw } = capture();
    runWithLogContext({ reqId: 'req_2', orgId: 'org_1' }, () => logger.child({ reqId: 'req_2' }).info('bound'));
    expect(raw[0]!.match(/"reqId"/g)).toHaveLength(1);
    expect(JSON.parse(raw[0]!)).toMatchObject({ reqId: 'req_2', orgId: 'org_1' });
  });
});
