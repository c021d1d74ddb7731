import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { WhetstoneApiError } from './errors';
import { readServerSentEvents } from './sse';
import type { components, paths } from './generated/schema';

export type { components, paths, operations } from './generated/schema';
export { WhetstoneApiError, unwrap } from './errors';
export { readServerSentEvents, type ServerSentEvent } from './sse';

export type Schemas = components['schemas'];
export type WhetstoneClient = Client<paths>;

export interface ClientOptions {
  /** e.g. http://127.0.0.1:8080 (no trailing /v1: paths include it) */
  baseUrl: string;
  /** Machine access: an sk-... key sent as Authorization: Bearer. */
  apiKey?: string;
  /** Dashboard access: the session cookie travels by itself; these say which org and prove same-origin. */
  organizationId?: () => string | undefined;
  csrfToken?: () => string | undefined;
  fetch?: typeof fetch;
}

/** The typed client every Whetstone tool uses (dashboard, CLI): request and response shapes come from the OpenAPI document. */
export function createWhetstoneClient(options: ClientOptions): WhetstoneClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    credentials: 'same-origin',
  });
  client.use(authHeaders(options));
  return client;
}

function authHeaders(options: ClientOptions): Middleware {
  return {
    onRequest({ request }) {
      if (options.apiKey) request.headers.set('authorization', `Bearer ${options.apiKey}`);
      const org = options.organizationId?.();
      if (org) request.headers.set('whetstone-organization', org);
      const csrf = options.csrfToken?.();
      if (csrf) request.headers.set('x-csrf-token', csrf);
      return request;
    },
  };
}

export type JobEvent = Schemas['FineTuningJobEvent'];

/**
 * A job's events as they happen (GET /v1/fine_tuning/jobs/{id}/events?stream=true): everything
 * so far, then live ones, ending when the job does. Yields `{ done: status }` last. A stream that
 * ends early (an API replica shutting down) is reopened with the last event's id as
 * `Last-Event-ID`, so no event is missed or repeated.
 */
export async function* streamJobEvents(
  client: WhetstoneClient,
  jobId: string,
  signal?: AbortSignal,
  options: { maxReconnects?: number; reconnectDelayMs?: number } = {},
): AsyncGenerator<{ event: JobEvent } | { done: string }> {
  let lastEventId: string | undefined;
  for (let reconnects = 0; ; reconnects++) {
    const { response } = await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}/events', {
      params: { path: { fine_tuning_job_id: jobId }, query: { stream: 'true' } },
      parseAs: 'stream',
      signal,
      ...(lastEventId ? { headers: { 'last-event-id': lastEventId } } : {}),
    });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => undefined);
      throw WhetstoneApiError.fromBody(response.status, body, response.headers.get('x-request-id'));
    }
    for await (const sse of readServerSentEvents(response.body)) {
      if (sse.event === 'done') {
        yield { done: (JSON.parse(sse.data) as { status: string }).status };
        return;
      }
      const event = JSON.parse(sse.data) as JobEvent;
      lastEventId = event.id;
      yield { event };
    }
    if (signal?.aborted || reconnects >= (options.maxReconnects ?? 10)) return;
    await new Promise((resolve) => setTimeout(resolve, options.reconnectDelayMs ?? 500));
  }
}
