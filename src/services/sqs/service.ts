/** The SQS service as the gateway hosts it. */
import { model } from '../../protocol/generated/sqs.js';
import type { ServiceDefinition } from '../service.js';
import { sqsAudit } from './audit.js';
import { authorizeSqs } from './authorize.js';
import { SqsProvider } from './provider.js';

export function sqsService(): ServiceDefinition & { provider: SqsProvider } {
  const p = new SqsProvider();
  const operations: ServiceDefinition['operations'] = {};
  for (const name of Object.keys(model.operations)) {
    operations[name] = (p as unknown as Record<string, ServiceDefinition['operations'][string]>)[name]!;
  }
  operations.ReceiveMessage = { prepare: p.waitForMessages, execute: p.receiveNow };
  return {
    id: 'sqs',
    protocol: 'json',
    eventSource: 'sqs.amazonaws.com',
    actionPrefix: 'sqs',
    model,
    operations,
    authorize: authorizeSqs,
    audit: sqsAudit,
    provider: p,
  };
}
