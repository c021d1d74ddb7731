import type { Db, JobStatus } from '@whetstone/db';
import { findJobsByIds, listJobVersions, toJobObject, type JobObject } from '@whetstone/services';

/** Job objects kept per API process: about 2.2 KB of JSON each, so about 11 MB at most. */
export const JOB_JSON_CACHE_ENTRIES = 5_000;

export interface JobPageQuery {
  after?: string;
  limit: number;
  status?: JobStatus;
  metadata: Record<string, string>;
}

/**
 * List pages of jobs as JSON text, spliced from each job's serialized object kept under (id,
 * version). A job's version changes with every update of its row or its attempts (a trigger in
 * Postgres, whoever writes), so a copy under the version the page's statement just read is the
 * object itself, on every replica. A dashboard polling a page of mostly finished jobs then costs
 * one statement reading (id, version) pairs: no attempts, no row parsing, no serializing. Jobs not
 * kept (new, changed, evicted) are read in full with one more statement.
 *
 * `serializeJob` must be the route's own serializer for one job object, so a page is byte for
 * byte what serializing the list object would write (job-pages.test.ts compares them).
 */
export function createJobPages(db: Db, serializeJob: (job: JobObject) => string, maxEntries = JOB_JSON_CACHE_ENTRIES) {
  // A Map iterates in insertion order: re-inserting on every use makes the first key the least recently used.
  const kept = new Map<string, { version: number; json: string }>();
  const keep = (id: string, entry: { version: number; json: string }) => {
    kept.delete(id);
    kept.set(id, entry);
    if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
  };

  return {
    async list(orgId: string, query: JobPageQuery): Promise<string> {
      const page = await listJobVersions(db, orgId, query);
      const json = new Map<string, string>();
      const missing: string[] = [];
      for (const { id, version } of page.rows) {
        const entry = kept.get(id);
        if (entry?.version === version) {
          json.set(id, entry.json);
          keep(id, entry);
        } else missing.push(id);
      }
      if (missing.length > 0) {
        // A job updated since the first statement comes back newer: kept under its own version.
        for (const job of await findJobsByIds(db, orgId, missing)) {
          const entry = { version: job.version, json: serializeJob(toJobObject(job)) };
          json.set(job.id, entry.json);
          keep(job.id, entry);
        }
      }
      // A job deleted between the two statements is left out; the cursor ids stay the page's.
      const data: string[] = [];
      for (const { id } of page.rows) {
        const text = json.get(id);
        if (text !== undefined) data.push(text);
      }
      const first = page.rows[0]?.id;
      const last = page.rows[page.rows.length - 1]?.id;
      return `{"object":"list","data":[${data.join(',')}],"has_more":${page.hasMore},"first_id":${first === undefined ? 'null' : JSON.stringify(first)},"last_id":${last === undefined ? 'null' : JSON.stringify(last)}}`;
    },
  };
}
