import type { Schemas } from '../../api';
import { when } from '../common';
import { DataTable, type Column } from '../DataTable';

type Attempt = Schemas['FineTuningJob']['attempts'][number];

const duration = (a: Attempt) => {
  if (!a.ended_at) return 'running';
  const s = a.ended_at - a.started_at;
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

const ATTEMPT_COLUMNS: Column<Attempt>[] = [
  { header: '#', cell: (a) => a.number },
  { header: 'Worker', cell: (a) => a.worker_id },
  { header: 'Steps', cell: (a) => `${a.from_step} → ${a.to_step ?? '…'}` },
  { header: 'Started', cell: (a) => when(a.started_at) },
  { header: 'Ended', cell: (a) => when(a.ended_at) },
  { header: 'Duration', cell: duration },
  { header: 'Outcome', cell: (a) => a.end_reason ?? 'running' },
];

/** Every run of the job on a worker: where it started and stopped, and why it ended. */
export function AttemptsTable({ attempts }: { attempts: Attempt[] }) {
  return <DataTable label="Attempts history" columns={ATTEMPT_COLUMNS} rows={attempts} rowKey={(a) => a.number} />;
}
