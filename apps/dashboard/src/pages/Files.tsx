import { useEffect, useRef, useState } from 'react';
import { client, unwrap, type Schemas } from '../api';
import { ErrorBanner, Section, StatusBadge, bytes, useAction, useLoad, when } from '../components/common';
import { DataTable, type Column } from '../components/DataTable';
import { Link } from '../router';
import { canWrite, useSession } from '../session';
import { uploadFile } from '../upload';

const PENDING = new Set(['uploaded', 'validating']);

const FILE_COLUMNS: Column<Schemas['File']>[] = [
  {
    header: 'File',
    cell: (f) => (
      <>
        <Link to={`/files/${f.id}`}>{f.filename}</Link>
        <div className="id">{f.id}</div>
      </>
    ),
  },
  { header: 'Size', cell: (f) => bytes(f.bytes) },
  {
    header: 'Status',
    cell: (f) => (
      <>
        <StatusBadge status={f.status} />
        {f.status_details && <div className="details">{f.status_details}</div>}
      </>
    ),
  },
  { header: 'Format', cell: (f) => f.format ?? '—' },
  { header: 'Examples', cell: (f) => f.validation?.examples ?? '—' },
  { header: 'Created', cell: (f) => when(f.created_at) },
];

/** Files: upload with progress, live validation status (refreshed while any file validates). */
export function Files() {
  const { role } = useSession();
  const files = useLoad(async () => unwrap(await client.GET('/v1/files', { params: { query: { limit: 100 } } })), []);
  const [progress, setProgress] = useState<{ name: string; sent: number; total: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const upload = useAction(async (file: File) => {
    setProgress({ name: file.name, sent: 0, total: file.size });
    try {
      await uploadFile(file, (sent, total) => setProgress({ name: file.name, sent, total }));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
    files.reload();
  });
  const validating = files.data?.data.some((f) => PENDING.has(f.status));
  useEffect(() => {
    if (!validating) return;
    const timer = setInterval(files.reload, 1000);
    return () => clearInterval(timer);
  }, [validating, files.reload]);

  return (
    <>
      <h1>Files</h1>
      {canWrite(role) && (
        <Section title="Upload a dataset">
          <label>
            JSONL file (chat, prompt/completion or preference format)
            <input ref={input} type="file" accept=".jsonl,.json,application/jsonl" disabled={upload.pending} onChange={(e) => e.target.files?.[0] && void upload.run(e.target.files[0])} />
          </label>
          {progress && (
            <div>
              <label>
                Uploading {progress.name}: {bytes(progress.sent)} of {bytes(progress.total)}
                <progress max={progress.total || 1} value={progress.sent} />
              </label>
            </div>
          )}
          <ErrorBanner error={upload.error} />
        </Section>
      )}
      <Section title="Your files">
        <ErrorBanner error={files.error} />
        <DataTable columns={FILE_COLUMNS} rows={files.data?.data} rowKey={(f) => f.id} />
        {files.data?.data.length === 0 && <p>No files yet.</p>}
      </Section>
    </>
  );
}
