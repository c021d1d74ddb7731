import { coalescePasses } from '../../src/jobs/coalesced-dispatch';

/** A pass that records when it started and ends when the test says so. */
function controlledPasses() {
  const started: { key: string; seen: number; end: (ok?: boolean) => void }[] = [];
  let committed = 0;
  const run = (key: string) =>
    new Promise<number>((resolve, reject) => {
      const seen = committed;
      started.push({ key, seen, end: (ok = true) => (ok ? resolve(seen) : reject(new Error('pass failed'))) });
    });
  return { started, run, commit: () => ++committed };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced dispatch passes', () => {
  it('runs one pass per key at a time; callers arriving meanwhile share one next pass that starts after them', async () => {
    const { started, run, commit } = controlledPasses();
    const dispatch = coalescePasses(run);
    commit();
    const first = dispatch('gpu');
    commit();
    const second = dispatch('gpu');
    commit();
    const third = dispatch('gpu');
    expect(started).toHaveLength(1);
    started[0]!.end();
    expect(await first).toBe(1);
    await tick();
    // The second pass started after both waiting callers committed, so it covers both.
    expect(started).toHaveLength(2);
    started[1]!.end();
    expect(await second).toBe(3);
    expect(await third).toBe(3);
  });

  it('with carry, callers that waited for the next pass also get the pass that was running when they called', async () => {
    const { started, run, commit } = controlledPasses();
    const dispatch = coalescePasses(run, (running, next) => running * 100 + next);
    commit();
    const first = dispatch('gpu');
    commit();
    const waiting = dispatch('gpu');
    started[0]!.end();
    expect(await first).toBe(1);
    await tick();
    commit();
    started[1]!.end();
    // The running pass had seen 1 commit, the next 2: the waiting caller gets both.
    expect(await waiting).toBe(102);
  });

  it('keeps keys apart and starts afresh once idle', async () => {
    const { started, run } = controlledPasses();
    const dispatch = coalescePasses(run);
    const a = dispatch('a');
    const b = dispatch('b');
    expect(started.map((p) => p.key)).toEqual(['a', 'b']);
    started[0]!.end();
    started[1]!.end();
    await Promise.all([a, b]);
    await tick();
    void dispatch('a');
    expect(started).toHaveLength(3);
    started[2]!.end();
  });

  it('runs the next pass even when the running one fails, and gives each caller its own pass outcome', async () => {
    const { started, run } = controlledPasses();
    const dispatch = coalescePasses(run);
    const failing = dispatch('gpu');
    const waiting = dispatch('gpu');
    started[0]!.end(false);
    await expect(failing).rejects.toThrow('pass failed');
    await tick();
    expect(started).toHaveLength(2);
    started[1]!.end();
    await expect(waiting).resolves.toBe(0);
  });
});
