/**
 * Object key layout. Every tenant-owned object lives under `orgs/<orgId>/`; public base models
 * under `models/`. Centralised so no caller builds keys by hand.
 */
export const objectKeys = {
  tenantPrefix: (orgId: string) => `orgs/${orgId}/`,
  file: (orgId: string, fileId: string) => `orgs/${orgId}/files/${fileId}`,
  checkpoint: (orgId: string, jobId: string, step: number) =>
    `orgs/${orgId}/jobs/${jobId}/checkpoints/step-${String(step).padStart(8, '0')}/`,
  jobResult: (orgId: string, jobId: string) => `orgs/${orgId}/jobs/${jobId}/result/`,
  jobReport: (orgId: string, jobId: string, name: string) => `orgs/${orgId}/jobs/${jobId}/reports/${name}`,
  /** A catalogued base model folder, addressed by its content digest (public or one tenant's). */
  modelContent: (orgId: string | null, digest: string) => (orgId ? `orgs/${orgId}/models/sha256-${digest}/` : `models/sha256-${digest}/`),
};
