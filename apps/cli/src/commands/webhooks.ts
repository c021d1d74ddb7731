import type { Command } from 'commander';
import { unwrap } from '@whetstone/client';
import { contextOf } from '../context';
import { emit, table } from '../output';

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
    .description('Send a webhook.test event to one endpoint and print the delivery')
    .action(async (endpointId: string, _options, command: Command) => {
      const ctx = contextOf(command);
      const delivery = unwrap(await ctx.client.POST('/v1/webhook_endpoints/{endpoint_id}/test', { params: { path: { endpoint_id: endpointId } } }));
      emit(ctx.json, delivery, () => `test event sent to ${endpointId}: delivery ${JSON.stringify(delivery)}`);
    });
}
