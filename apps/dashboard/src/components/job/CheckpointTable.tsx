import { useState } from 'react';
import { client, unwrap, type Schemas } from '../../api';
import { useRoute } from '../../router';
import { ErrorBanner, bytes, useAction, when } from '../common';

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
  return (
    <>
      <ErrorBanner error={fetchFiles.error} />
      <table aria-label="Checkpoints">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Model name</th>
            <th scope="col">Metrics</th>
            <th scope="col">Created</th>
            <th scope="col">Files</th>
            <th scope="col">Continue</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((c) => (
            <tr key={c.id}>
              <td>{c.step_number}</td>
              <td>
                <code>{c.fine_tuned_model_checkpoint}</code>
              </td>
              <td>{metricText(c.metrics)}</td>
              <td>{when(c.created_at)}</td>
              <td>
                {files[c.id] ? (
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
                )}
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Use the step ${c.step_number} checkpoint as model`}
                  disabled={!canCreate}
                  onClick={() => navigate(`/jobs/new?model=${encodeURIComponent(c.fine_tuned_model_checkpoint)}`)}
                >
                  Use as model
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
