import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when a process with this id runs on this machine (the cache is per node). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock between processes on one machine: a file created with O_EXCL holding the
 * owner's pid. A lock whose owner died is taken over. `tryLock` returns null when it is held.
 */
export async function tryLock(lockPath: string): Promise<(() => Promise<void>) | null> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return () => unlink(lockPath).catch(() => undefined);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number.parseInt(readFileSync(lockPath, { encoding: 'utf8', flag: 'r' }) || '0', 10);
  // A just-created lock may not have its pid written yet: treat it as held.
  if (owner > 0 && !processAlive(owner)) {
    rmSync(lockPath, { force: true });
    return tryLock(lockPath);
  }
  return null;
}

/** Waits (polling) until the lock is free or `done()` says the work it guards is finished. */
export async function lockOrWait(lockPath: string, done: () => boolean, pollMs = 100): Promise<(() => Promise<void>) | null> {
  for (;;) {
    if (done()) return null;
    const release = await tryLock(lockPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null; // released between open and read: try again
      throw error;
    });
    if (release) return release;
    await sleep(pollMs);
  }
}

/**
 * Leases say "a running process uses this": one file per holder in a folder, named by pid.
 * Holders that died are ignored (and cleaned up).
 */
export class Leases {
  constructor(private readonly dir: string) {}

  take(): () => void {
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${process.pid}-${randomUUID()}`);
    writeFileSync(file, '');
    return () => rmSync(file, { force: true });
  }

  /** Live holders; leases of dead processes are removed. */
  held(): number {
    if (!existsSync(this.dir)) return 0;
    let live = 0;
    for (const name of readdirSync(this.dir)) {
      if (processAlive(Number.parseInt(name, 10))) live++;
      else rmSync(path.join(this.dir, name), { force: true });
    }
    return live;
  }
}
