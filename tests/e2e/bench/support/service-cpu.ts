import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from '@whetstone/db';
import type { Redis } from '@whetstone/queue';

/** CPU time (µs) used so far by the local Postgres server (every backend) and Redis server. */
export interface ServiceCpu {
  postgres: number;
  redis: number;
}

/** Reads ServiceCpu now; null when the services are not processes of this machine. */
export type ServiceCpuReader = () => ServiceCpu | null;

const TICK_MICROS = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** /proc/PID/stat fields after the command name: [state, ppid, ..., utime, stime, cutime, cstime]. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

// utime, stime and the reaped children's cutime, cstime (fields 14-17 of stat, 11-14 after the name).
const cpuMicros = (fields: string[]) => [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * TICK_MICROS;

/** The postmaster and all its children (backends, background processes; those gone are in its cutime). */
function processTreeMicros(root: number): number {
  let total = cpuMicros(statFields(root) ?? []);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (fields && Number(fields[1]) === root) total += cpuMicros(fields);
  }
  return total;
}

/**
 * Finds the Postgres postmaster (the parent of this pool's backend) and the Redis server's pid.
 * Sampled before and after a measured run, the difference divided by the requests is the
 * services' CPU per request: with everything on the same cores, the API's CPU is only part of
 * what a request costs. Resolution: one clock tick (10 ms) per sample.
 */
export async function serviceCpuReader(db: Db, redis: Redis): Promise<ServiceCpuReader> {
  const { rows } = await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = Number(statFields(rows[0]!.pid)?.[1]);
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  if (!postmaster || !redisPid || !statFields(postmaster) || !statFields(redisPid)) return () => null;
  return () => ({ postgres: processTreeMicros(postmaster), redis: cpuMicros(statFields(redisPid) ?? []) });
}
