import { useState } from 'react';
import { client, unwrap, type Schemas } from '../../api';
import { useRoute } from '../../router';
import { ErrorBanner, bytes, useAction, when } from '../common';
import { DataTable, type Column } from '../DataTable';

type Checkpoint = Schemas['FineTuningJobCheckpoint'];
type StoredFiles = Schemas['FineTuningJobCheckpointFiles'];

const metricText = (metrics: Record<string, unknown>) =>
  Object.entries(metrics)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
    .join(', ');

/**
 * A job's checkpoints with their metrics; "Download" asks the API for the checkpoint's stored
 * files (presigned links, valid an hour) and lists them under the row; "Use as model" opens the
 * new-job form with the checkpoint as the model (a warm start). `canCreate`: the role may create jobs.
 */
export function CheckpointTable({ jobId, checkpoints, canCreate = true }: { jobId: string; checkpoints: Checkpoint[]; canCreate?: boolean }) {
  const { navigate } = useRoute();
  const [files, setFiles] = useState<Record<string, StoredFiles>>({});
  const fetchFiles = useAction(async (checkpointId: string) => {
    const stored = unwrap(
      await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints/{checkpoint_id}/files', {
        params: { path: { fine_tuning_job_id: jobId, checkpoint_id: checkpointId } },
      }),
    );
    setFiles((prev) => ({ ...prev, [checkpointId]: stored }));
  });
  const columns: Column<Checkpoint>[] = [
    { header: 'Step', cell: (c) => c.step_number },
    { header: 'Model name', cell: (c) => <code>{c.fine_tuned_model_checkpoint}</code> },
    { header: 'Metrics', cell: (c) => metricText(c.metrics) },
    { header: 'Created', cell: (c) => when(c.created_at) },
    {
      header: 'Files',
      cell: (c) =>
        files[c.id] ? (
          <ul aria-label={`Files of the step ${c.step_number} checkpoint`} className="plain">
            {files[c.id]!.files.map((f) => (
              <li key={f.name}>
                <a href={f.url} download={`step-${c.step_number}-${f.name}`}>
                  {f.name}
                </a>{' '}
                ({bytes(f.bytes)})
              </li>
            ))}
          </ul>
        ) : (
          <button type="button" disabled={fetchFiles.pending} onClick={() => void fetchFiles.run(c.id)}>
            Download step {c.step_number}
          </button>
        ),
    },
    {
      header: 'Continue',
      cell: (c) => (
        <button
          type="button"
          aria-label={`Use the step ${c.step_number} checkpoint as model`}
          disabled={!canCreate}
          onClick={() => navigate(`/jobs/new?model=${encodeURIComponent(c.fine_tuned_model_checkpoint)}`)}
        >
          Use as model
        </button>
      ),
    },
  ];
  return (
    <>
      <ErrorBanner error={fetchFiles.error} />
      <DataTable label="Checkpoints" columns={columns} rows={checkpoints} rowKey={(c) => c.id} />
    </>
  );
}
