import { createHash } from 'node:crypto';
import { opaqueWorkerId } from '../../src/jobs/job-object';

const expected = (workerId: string) => `worker-${createHash('sha256').update(workerId).digest('hex').slice(0, 12)}`;

describe('opaqueWorkerId', () => {
  it('labels a worker with the first 12 hex digits of its id’s SHA-256, the same every time', () => {
    expect(opaqueWorkerId('gpu-node-3:4242')).toBe(expected('gpu-node-3:4242'));
    expect(opaqueWorkerId('gpu-node-3:4242')).toBe(expected('gpu-node-3:4242'));
    expect(opaqueWorkerId('gpu-node-3:4243')).not.toBe(opaqueWorkerId('gpu-node-3:4242'));
  });

  it('keeps the same labels past the size its memo of labels is bounded to', () => {
    for (let i = 0; i < 12_000; i++) opaqueWorkerId(`worker-host-${i}`);
    for (const i of [0, 9_999, 10_000, 11_999]) expect(opaqueWorkerId(`worker-host-${i}`)).toBe(expected(`worker-host-${i}`));
  });
});
