import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiConfig } from '@whetstone/config';
import type { Db } from '@whetstone/db';
import type { PlatformClients } from '@whetstone/services';
import { createApiMetrics } from '../../../apps/api/src/metrics';
import { createWorkerMetrics } from '../../../apps/worker/src/metrics';

const dashboard = JSON.parse(readFileSync(join(__dirname, '../../../infra/grafana/whetstone-dashboard.json'), 'utf8'));

/** Every series name the API and the worker export (histograms as _bucket, _sum and _count). */
function exportedNames(): Set<string> {
  // The registries are only listed, never collected, so the clients are never called.
  const clients = { producers: { queue: () => undefined }, db: { pool: {} } } as unknown as PlatformClients;
  const api = createApiMetrics(loadApiConfig({ ADMIN_TOKEN: 'x'.repeat(32) }), clients).registry;
  const worker = createWorkerMetrics({ pool: {} } as unknown as Db).registry;
  const names = new Set<string>();
  for (const registry of [api, worker]) {
    for (const metric of registry.getMetricsAsArray()) {
      const { name, type } = metric as unknown as { name: string; type: string };
      names.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    }
  }
  return names;
}

const panels = (dashboard.panels as { type: string; title: string; id: number; targets?: { expr: string }[] }[]).filter((p) => p.type !== 'row');
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
/** Metric names in a PromQL expression (function names and label names are not followed by { or [ in these forms). */
const referenced = (expr: string) => [...expr.matchAll(/\b((?:whetstone|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);

describe('infra/grafana dashboard', () => {
  it('is a Grafana dashboard with unique panel ids, each panel querying Prometheus', () => {
    expect(dashboard).toMatchObject({ uid: 'whetstone-overview', title: expect.any(String), schemaVersion: expect.any(Number) });
    const ids = (dashboard.panels as { id: number }[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) expect(panel.targets?.length).toBeGreaterThan(0);
  });

  it('references only series the API and the worker export', () => {
    const names = exportedNames();
    const unknown = exprs.flatMap(referenced).filter((name) => !names.has(name));
    expect(unknown).toEqual([]);
  });

  it('charts every whetstone_ series', () => {
    const names = [...exportedNames()].filter((n) => n.startsWith('whetstone_') && !/_(bucket|sum|count)$/.test(n));
    const used = new Set(exprs.flatMap(referenced).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    expect(names.filter((n) => !used.has(n))).toEqual([]);
  });
});
