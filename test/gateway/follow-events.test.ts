import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import type { HttpResponse } from '../../src/protocol/http.js';

type Line = { Seq: number; Record: string } | { CaughtUp: true; LastSeq: number };

/** Reads newline-delimited JSON from a response body, one parsed line at a time. */
function lines(body: Readable): AsyncGenerator<Line> {
  return (async function* () {
    let buffered = '';
    for await (const chunk of body) {
      buffered += chunk.toString();
      let i: number;
      while ((i = buffered.indexOf('\n')) >= 0) {
        yield JSON.parse(buffered.slice(0, i)) as Line;
        buffered = buffered.slice(i + 1);
      }
    }
  })();
}

async function take(it: AsyncGenerator<Line>, n: number): Promise<Line[]> {
  const out: Line[] = [];
  while (out.length < n) {
    const next = await it.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

const records = (ls: Line[]) => ls.flatMap((l) => ('Record' in l ? [JSON.parse(l.Record) as Record<string, any>] : []));

describe('FollowEvents: one recorded call streams a whole follow session', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await gatewayHarness();
  });
  afterAll(() => h.close());

  const follow = async (input: object, creds?: GatewayHarness['credentials']): Promise<HttpResponse> => {
    const req = await h.sign(
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FollowEvents' },
        body: Buffer.from(JSON.stringify(input)),
      },
      'hsmtrail',
      creds,
    );
    return h.app.gateway.handle(req, { sourceIp: '127.0.0.1' });
  };

  it('sends the backlog, then every new matching event, over one response recorded once', async () => {
    const sts = new STSClient(h.clientConfig());
    const before = await sts.send(new GetCallerIdentityCommand({}));
    const res = await follow({ EventName: 'GetCallerIdentity', Limit: 5 });
    expect(res.status).toBe(200);
    const requestId = res.headers['x-amzn-RequestId']!;
    const stream = lines(res.body as Readable);

    const [backlog, caughtUp] = await take(stream, 2);
    expect(records([backlog!])[0]).toMatchObject({ requestID: before.$metadata.requestId, eventName: 'GetCallerIdentity' });
    expect(caughtUp).toMatchObject({ CaughtUp: true });

    const later: string[] = [];
    for (let i = 0; i < 5; i++) later.push((await sts.send(new GetCallerIdentityCommand({}))).$metadata.requestId!);
    const streamed = records(await take(stream, 5));
    expect(streamed.map((r) => r.requestID)).toEqual(later);
    (res.body as Readable).destroy(); // the follower hangs up

    const calls = h.records().filter((r) => r.eventSource === 'hsmtrail.local');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ eventName: 'FollowEvents', requestID: requestId, readOnly: true, responseElements: null });
    expect(calls[0]!.requestParameters).toMatchObject({ eventName: 'GetCallerIdentity', limit: 5 });
  });

  it('does not echo its own FollowEvents call to its follower', async () => {
    const res = await follow({ EventSource: 'hsmtrail.local', Limit: 0 });
    const stream = lines(res.body as Readable);
    expect(await take(stream, 1)).toEqual([expect.objectContaining({ CaughtUp: true })]);
    const other = await follow({ EventSource: 'hsmtrail.local', Limit: 0 }); // someone else starts following
    const [seen] = records(await take(stream, 1));
    expect(seen).toMatchObject({ eventName: 'FollowEvents', requestID: other.headers['x-amzn-RequestId'] });
    (res.body as Readable).destroy();
    (other.body as Readable).destroy();
  });

  it('rejects a bad filter like SearchEvents does, and records the failure', async () => {
    const res = await follow({ SourceIp: 'not-an-ip', Limit: 1 });
    expect(res.status).toBe(400);
    const body = JSON.parse(String(res.body));
    expect(body.__type).toBe('ValidationException');
    const [recorded] = h.recordsFor(res.headers['x-amzn-RequestId']!);
    expect(recorded).toMatchObject({ eventName: 'FollowEvents', errorCode: 'ValidationException' });
  });

  it('is authorized as hsmtrail:FollowEvents: a user without the permission is denied, and that is recorded', async () => {
    const iam = new IAMClient(h.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
    const res = await follow({ Limit: 1 }, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    expect(res.status).toBe(400);
    expect(JSON.parse(String(res.body)).__type).toBe('AccessDeniedException');
    expect(String(res.body)).toContain('hsmtrail:FollowEvents');
    const [recorded] = h.recordsFor(res.headers['x-amzn-RequestId']!);
    expect(recorded).toMatchObject({ eventName: 'FollowEvents', errorCode: 'AccessDeniedException' });
  });
});

describe('FollowEvents and shutdown', () => {
  it('a server stop ends open follow streams instead of waiting for the followers', async () => {
    const h = await gatewayHarness();
    const req = await h.sign(
      {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'HsmTrailAdmin_20261101.FollowEvents' },
        body: Buffer.from('{"Limit":0}'),
      },
      'hsmtrail',
    );
    const res = await h.app.gateway.handle(req, { sourceIp: '127.0.0.1' });
    const stream = lines(res.body as Readable);
    expect(await take(stream, 1)).toEqual([expect.objectContaining({ CaughtUp: true })]);
    await h.close();
    expect((await stream.next()).done).toBe(true);
  });
});
