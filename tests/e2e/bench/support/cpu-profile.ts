import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * CPU profile of this thread around one piece of work only (not the seeding, the start-up or the
 * bare route, which `node --cpu-prof` would mix in), written as DIR/NAME.cpuprofile for
 * tests/e2e/bench/profile-summary.ts or Chrome's DevTools.
 */
export async function profiled<T>(dir: string, name: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}
