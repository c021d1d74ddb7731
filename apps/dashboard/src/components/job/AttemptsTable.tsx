import type { Schemas } from '../../api';
import { when } from '../common';

type Attempt = Schemas['FineTuningJob']['attempts'][number];

const duration = (a: Attempt) => {
  if (!a.ended_at) return 'running';
  const s = a.ended_at - a.started_at;
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/** Every run of the job on a worker: where it started and stopped, and why it ended. */
export function AttemptsTable({ attempts }: { attempts: Attempt[] }) {
  return (
    <table aria-label="Attempts history">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Worker</th>
          <th scope="col">Steps</th>
          <th scope="col">Started</th>
          <th scope="col">Ended</th>
          <th scope="col">Duration</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.number}>
            <td>{a.number}</td>
            <td>{a.worker_id}</td>
            <td>
              {a.from_step} → {a.to_step ?? '…'}
            </td>
            <td>{when(a.started_at)}</td>
            <td>{when(a.ended_at)}</td>
            <td>{duration(a)}</td>
            <td>{a.end_reason ?? 'running'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
