import type { Schemas } from '../../api';

type Evaluation = Schemas['FineTuningJobResult']['evaluations'][number];
interface MetricResult {
  name: string;
  type: string;
  mean: number | null;
  passed: number;
  scored: number;
}

const resultsOf = (e: Evaluation): MetricResult[] => (Array.isArray(e.metrics) ? (e.metrics as MetricResult[]) : []);
const label = (e: Evaluation) => (e.stage === 'base' ? 'Base model' : e.stage === 'final' ? 'Tuned (final)' : `Step ${e.step ?? '?'}`);
const percent = (r: MetricResult | undefined) => (r?.mean == null ? '—' : `${(r.mean * 100).toFixed(1)} % (${r.passed}/${r.scored})`);

/**
 * The job's evaluation metrics with the base model and the tuned model side by side (checkpoint
 * evaluations in between), and the change from base to tuned.
 */
export function EvaluationComparison({ evaluations }: { evaluations: Evaluation[] }) {
  const order = (e: Evaluation) => (e.stage === 'base' ? -1 : e.stage === 'final' ? Number.MAX_SAFE_INTEGER : (e.step ?? 0));
  const columns = [...evaluations].sort((a, b) => order(a) - order(b));
  const base = columns.find((e) => e.stage === 'base');
  const tuned = columns.find((e) => e.stage === 'final');
  const names = [...new Set(columns.flatMap((e) => resultsOf(e).map((r) => r.name)))];
  if (names.length === 0) return null;
  const find = (e: Evaluation | undefined, name: string) => (e ? resultsOf(e).find((r) => r.name === name) : undefined);
  return (
    <table aria-label="Evaluation: base vs tuned">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          {columns.map((e, i) => (
            <th scope="col" key={i}>
              {label(e)}
            </th>
          ))}
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name) => {
          const before = find(base, name)?.mean;
          const after = find(tuned, name)?.mean;
          const change = before != null && after != null ? `${after - before >= 0 ? '+' : ''}${((after - before) * 100).toFixed(1)} pts` : '—';
          return (
            <tr key={name}>
              <th scope="row">
                {name} <span className="note">({find(tuned ?? base, name)?.type ?? resultsOf(columns[0]!).find((r) => r.name === name)?.type})</span>
              </th>
              {columns.map((e, i) => (
                <td key={i}>{percent(find(e, name))}</td>
              ))}
              <td>{change}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
