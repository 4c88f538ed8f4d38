/**
 * SNS http/https deliveries are durable: Publish writes them to the store's outbox in its own transaction, the
 * leader's worker POSTs them, and what is still owed when the server stops is delivered by the next one on the
 * same data dir. The DeliveryPolicy's phases give the retry schedule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfirmSubscriptionCommand, CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { retryPolicyOf } from '../../src/services/sns/http-delivery.js';
import { gatewayHarness } from '../support/gateway.js';
import { httpEndpoint } from '../support/notifications.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hsmtrail-outbox-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SNS http/https outbox', () => {
  it('delivers what a stopped server still owed once the next one on the same data dir leads', async () => {
    const endpoint = await httpEndpoint();
    try {
      // First server: the leader confirms the subscription, then stops leading before the Publish.
      let h = await gatewayHarness({ flags: { dataDir } });
      await h.app.start();
      let sns = new SNSClient(h.clientConfig());
      const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'outbox' }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url }));
      const token = JSON.parse(await endpoint.next()).Token;
      await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: token }));
      await h.app.leader.stop();
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'owed' }));
      const owed = await h.app.store.read((tx) => tx.snsHttpDeliveries.due(Date.now(), 10));
      expect(owed).toHaveLength(1);
      expect(JSON.parse(owed[0]!.body).Message).toBe('owed');
      expect(endpoint.bodies).toHaveLength(1); // the confirmation only
      await h.app.close();

      // Second server on the same data dir: its leader delivers the owed message and empties the outbox.
      h = await gatewayHarness({ flags: { dataDir } });
      await h.app.start();
      sns = new SNSClient(h.clientConfig());
      expect(JSON.parse(await endpoint.next())).toMatchObject({ Type: 'Notification', Message: 'owed', TopicArn: topicArn });
      for (let i = 0; i < 50 && (await h.app.store.read((tx) => tx.snsHttpDeliveries.nextDue())) !== undefined; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await h.app.store.read((tx) => tx.snsHttpDeliveries.nextDue())).toBeUndefined();
      await h.app.close();
    } finally {
      endpoint.close();
    }
  }, 60_000);

  it("schedules retries by the DeliveryPolicy's phases, AWS's HTTP/S default without one", () => {
    expect(retryPolicyOf(undefined).delaysMs).toEqual([20_000, 20_000, 20_000]);
    const policy = {
      http: {
        defaultHealthyRetryPolicy: {
          numRetries: 8,
          numNoDelayRetries: 2,
          numMinDelayRetries: 1,
          numMaxDelayRetries: 2,
          minDelayTarget: 1,
          maxDelayTarget: 10,
          backoffFunction: 'linear',
        },
      },
    };
    expect(retryPolicyOf(JSON.stringify(policy)).delaysMs).toEqual([0, 0, 1000, 1000, 5500, 10_000, 10_000, 10_000]);
  });
});
