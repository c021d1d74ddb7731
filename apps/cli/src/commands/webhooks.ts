import type { Command } from 'commander';
import { unwrap, type Schemas, type WhetstoneClient } from '@whetstone/client';
import { contextOf } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { emit, table, time } from '../output';

type Delivery = Schemas['WebhookDelivery'];
const POLL_MS = 250;

/** Polls a delivery until its first attempt has an outcome (or `timeoutSeconds` pass). */
async function firstOutcome(client: WhetstoneClient, endpointId: string, deliveryId: string, timeoutSeconds: number): Promise<Delivery> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const delivery = unwrap(
      await client.GET('/v1/webhook_endpoints/{endpoint_id}/deliveries/{delivery_id}', { params: { path: { endpoint_id: endpointId, delivery_id: deliveryId } } }),
    );
    if (delivery.attempt_count > 0 || delivery.status !== 'pending' || Date.now() > deadline) return delivery;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function outcome(d: Delivery): string {
  const response = d.last_status_code !== null ? `HTTP ${d.last_status_code}` : (d.last_error ?? 'no response');
  const latency = d.last_latency_ms !== null ? ` in ${d.last_latency_ms} ms` : '';
  if (d.status === 'succeeded') return `delivered: ${response}${latency}`;
  if (d.attempt_count === 0) return 'not attempted yet (is a worker consuming the webhooks queue?)';
  const retry = d.status === 'pending' && d.next_attempt_at ? `; retrying at ${time(d.next_attempt_at)}` : '';
  return `failed: ${response}${d.last_status_code !== null && d.last_error ? ` (${d.last_error})` : ''}${latency}${retry}`;
}

export function webhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('Webhook endpoints: list, test');

  webhooks
    .command('list')
    .description('Registered endpoints')
    .action(async (_options, command: Command) => {
      const ctx = contextOf(command);
      const list = unwrap(await ctx.client.GET('/v1/webhook_endpoints'));
      emit(ctx.json, list, () => table([['ID', 'URL', 'ENABLED', 'EVENTS'], ...list.data.map((e) => [e.id, e.url, String(e.enabled), e.event_types.join(',') || '*'])]));
    });

  webhooks
    .command('test <endpoint_id>')
    .description('Send a webhook.test event to one endpoint and report its response; exits 5 when the endpoint did not accept it')
    .option('--no-wait', 'return once the event is queued, without waiting for the first attempt')
    .option('--timeout <seconds>', 'how long to wait for the first attempt', '60')
    .action(async (endpointId: string, options: { wait: boolean; timeout: string }, command: Command) => {
      const ctx = contextOf(command);
      const queued = unwrap(await ctx.client.POST('/v1/webhook_endpoints/{endpoint_id}/test', { params: { path: { endpoint_id: endpointId } } }));
      const delivery = options.wait ? await firstOutcome(ctx.client, endpointId, queued.id, Number(options.timeout)) : queued;
      emit(ctx.json, delivery, () => `webhook.test → ${endpointId}: delivery ${delivery.id} ${options.wait ? outcome(delivery) : 'queued'}`);
      if (options.wait && delivery.status !== 'succeeded') throw new CliError(`the test event was not delivered (${delivery.status})`, EXIT.workFailed);
    });
}
