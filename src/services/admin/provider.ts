import type { CallContext, ServiceDefinition } from '../service.js';
import { model } from './model.js';
import { searchEvents as searchStore, InvalidFilterError } from '../../query/search-events.js';
import { ServiceError } from '../../errors/service-error.js';
import type { EventFollowers } from './follow.js';
import { removeRootMfaDevices } from '../iam/root-user.js';
import { hashPasswordAsync } from '../../identity/store/password.js';

/** What the admin API does, supplied by the services that own each concern (wired in app/compose.ts). */
export interface AdminActions {
  activateCluster(call: CallContext, clusterId: string): Promise<{ ClusterId: string; State: string }>;
  createVpc(call: CallContext, cidrBlock: string): Promise<{ VpcId: string; CidrBlock: string }>;
  createSubnet(
    call: CallContext,
    input: { VpcId: string; AvailabilityZone: string; CidrBlock: string },
  ): Promise<{
    SubnetId: string;
    VpcId: string;
    AvailabilityZone: string;
    CidrBlock: string;
  }>;
  /** Delivers pending events now and closes the current digest period (runs outside the write lock). */
  flushTrails(
    name?: string,
  ): Promise<{ TrailNames: string[]; LogFilesDelivered: number; DigestFilesDelivered: number; Failures: string[] }>;
}

export function adminService(actions: AdminActions, followers: EventFollowers): ServiceDefinition {
  return {
    id: 'admin',
    protocol: 'json',
    eventSource: 'hsmtrail.local',
    actionPrefix: 'hsmtrail',
    model,
    operations: {
      ActivateCluster: (input: { ClusterId: string }, call) => actions.activateCluster(call, input.ClusterId),
      CreateVpc: (input: { CidrBlock: string }, call) => actions.createVpc(call, input.CidrBlock),
      CreateSubnet: (input: { VpcId: string; AvailabilityZone: string; CidrBlock: string }, call) => actions.createSubnet(call, input),
      // Delivery does its own transactions, so it runs in `prepare`, before the call takes the write lock.
      FlushTrails: {
        prepare: (input: { Name?: string }) => actions.flushTrails(input.Name),
        execute: (_input: unknown, _call: unknown, flushed: unknown) => flushed,
      },
      SearchEvents: searchEvents,
      FollowEvents: (input: FollowEventsInput, call) => followEvents(followers, input, call),
      // A lost root MFA device (`hsmtrail console root-mfa remove`): hsmtrail:RemoveRootMFADevices, recorded.
      RemoveRootMFADevices: async (input: { SerialNumber?: string }, call) => ({
        SerialNumbers: await removeRootMfaDevices(call.tx, call.accountId, input.SerialNumber),
      }),
      // `hsmtrail console set-root-password`: scrypt runs on the thread pool before the write lock.
      SetRootPassword: {
        prepare: (input: { Password: string }) => hashPasswordAsync(input.Password),
        execute: async (_input: unknown, call: CallContext, passwordHash: string) => {
          await call.tx.iamPasswords.putRootPassword({ passwordHash, setDate: call.now.toISOString() });
          return {};
        },
      },
    },
    audit: {
      readOnly: (operation) => operation === 'SearchEvents' || operation === 'FollowEvents',
      // The response is the event stream itself; what it carried is in the events it carried.
      responseElements: (operation) => (operation === 'FollowEvents' ? null : undefined),
    },
  };
}

interface FilterInput {
  Users?: string[];
  EventName?: string;
  EventSource?: string;
  SourceIp?: string;
  ErrorCode?: string;
  ErrorsOnly?: boolean;
  Resource?: string;
  AccessKeyId?: string;
  ReadOnly?: boolean;
  Since?: Date;
  Until?: Date;
  Region?: string;
}

interface SearchEventsInput extends FilterInput {
  Limit: number;
  Order?: 'newest' | 'oldest';
  AfterSeq?: number;
  ThroughSeq?: number;
}

interface FollowEventsInput extends FilterInput {
  Limit: number;
}

/** `hsmtrail events` against a running server: the same search the offline command runs on a data dir. */
function searchEvents(input: SearchEventsInput, call: CallContext) {
  const filter = toFilter(input);
  return validated(async () => {
    const found = await searchStore(call.tx.events, filter, {
      limit: input.Limit,
      order: input.Order,
      afterSeq: input.AfterSeq,
      throughSeq: input.ThroughSeq,
    });
    return { Events: found.map((e) => ({ Seq: e.seq, Record: e.record })), LastSeq: await call.tx.events.lastSeq() };
  });
}

/**
 * `hsmtrail events --follow`: one call for the whole session. The newest `Limit` matches and then every
 * new match stream over this one response, so a follower is recorded once, not once per poll.
 */
function followEvents(followers: EventFollowers, input: FollowEventsInput, call: CallContext) {
  const filter = toFilter(input);
  return validated(async () => {
    const end = await call.tx.events.lastSeq();
    const backlog = (await searchStore(call.tx.events, filter, { limit: input.Limit, throughSeq: end })).reverse(); // also validates the filter
    return { Events: followers.follow({ filter, backlog, lastSeq: end, ownRequestId: call.requestId }, (fn) => call.tx.afterCommit(fn)) };
  });
}

function toFilter(input: FilterInput) {
  return {
    users: input.Users,
    eventName: input.EventName,
    eventSource: input.EventSource,
    sourceIp: input.SourceIp,
    errorCode: input.ErrorCode,
    errorsOnly: input.ErrorsOnly,
    resource: input.Resource,
    accessKeyId: input.AccessKeyId,
    readOnly: input.ReadOnly,
    since: input.Since,
    until: input.Until,
    region: input.Region,
  };
}

async function validated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof InvalidFilterError) throw new ServiceError('ValidationException', err.message, { status: 400 });
    throw err;
  }
}
