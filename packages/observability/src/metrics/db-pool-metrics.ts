import { Gauge, type Registry } from 'prom-client';

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

/** The process's Postgres pool: connections in use and idle, queries waiting for one, the cap. */
export function registerDbPoolMetrics(registry: Registry, pool: PoolLike): void {
  new Gauge({
    name: 'whetstone_db_pool_connections',
    help: 'Postgres connections of this process by state (busy, idle)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'whetstone_db_pool_waiting_requests',
    help: 'Queries of this process waiting for a free Postgres connection',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'whetstone_db_pool_max_connections',
    help: 'The pool size of this process',
    registers: [registry],
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
}
