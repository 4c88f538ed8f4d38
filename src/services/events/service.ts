/**
 * Amazon EventBridge (API 2015-10-07, JSON 1.1) as the gateway hosts it: the default bus, rules with event
 * patterns, SQS and SNS targets, PutEvents, and AWS API calls delivered to the bus from the event store
 * (worker.ts). Custom buses, schedules, archives and API destinations are refused.
 */
import { model } from '../../protocol/generated/events.js';
import type * as T from '../../protocol/generated/events.js';
import type { CallContext, ServiceDefinition } from '../service.js';
import { eventsAudit } from './audit.js';
import { authorizeEvents } from './authorize.js';
import type { DeliveryDeps } from './delivery.js';
import * as buses from './ops/buses.js';
import { preparePutEvents, putEvents } from './ops/put-events.js';
import * as rules from './ops/rules.js';
import * as tags from './ops/tags.js';
import * as targets from './ops/targets.js';
import { testEventPattern } from './ops/test-pattern.js';

/** The ops take the call first (it reads as `ctx, input`); the gateway passes input first. */
const op =
  <I, O>(fn: (call: CallContext, input: I) => Promise<O>) =>
  (input: I, call: CallContext) =>
    fn(call, input);

export function eventsService(deps: DeliveryDeps): ServiceDefinition {
  const operations: ServiceDefinition['operations'] = {
    DescribeEventBus: op(buses.describeEventBus),
    ListEventBuses: op(buses.listEventBuses),
    PutRule: op(rules.putRule),
    DescribeRule: op(rules.describeRule),
    ListRules: op(rules.listRules),
    EnableRule: op(rules.enableRule),
    DisableRule: op(rules.disableRule),
    DeleteRule: op(rules.deleteRule),
    PutTargets: op(targets.putTargets),
    RemoveTargets: op(targets.removeTargets),
    ListTargetsByRule: op(targets.listTargetsByRule),
    ListRuleNamesByTarget: op(targets.listRuleNamesByTarget),
    TagResource: op(tags.tagResource),
    UntagResource: op(tags.untagResource),
    ListTagsForResource: op(tags.listTagsForResource),
    TestEventPattern: (i: T.TestEventPatternRequest) => testEventPattern(i),
    PutEvents: {
      // A region's first SNS delivery needs a signing key: generated here, not under the write lock.
      prepare: (_i: unknown, call: CallContext) => preparePutEvents(deps, call),
      execute: (i: T.PutEventsRequest, call, candidate) => putEvents(deps, call, i, candidate),
    },
  };
  return {
    id: 'events',
    protocol: 'json',
    eventSource: 'events.amazonaws.com',
    actionPrefix: 'events',
    model,
    operations,
    authorize: authorizeEvents,
    audit: eventsAudit,
  };
}
