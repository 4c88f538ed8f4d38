/**
 * The socket edge under slow and greedy clients, over real sockets: the real app's http.Server
 * listens on an ephemeral port; raw net.Sockets play the misbehaving clients. No assertion is about
 * time: the idle timeouts are shortened through the hidden HSMTRAIL_* settings, and each wait has a
 * generous upper bound only so that a regression fails instead of hanging.
 */
import net from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { gatewayHarness, type GatewayHarness } from '../support/gateway.js';
import { recordS3DataEvents } from '../support/s3-data-events.js';
import { dataDirLayout } from '../../src/storage/data-dir.js';

const BUCKET = 'slow-bucket';
const HANG_GUARD_MS = 30_000; // under vitest's 60 s test timeout, so a regression fails on its assertion

interface Listening {
  h: GatewayHarness;
  port: number;
  s3: S3Client;
}

async function listening(env: Record<string, string>): Promise<Listening> {
  const h = await gatewayHarness({ env });
  await new Promise<void>((resolve) => h.app.server.listen(0, '127.0.0.1', resolve));
  const port = (h.app.server.address() as net.AddressInfo).port;
  // A real SDK client over the network (not the in-process handler).
  const s3 = new S3Client({
    region: h.region,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: h.credentials,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  return { h, port, s3 };
}

const opened: net.Socket[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.destroy()));

/** A raw client: everything it received, and a promise that settles when the server closes on it. */
function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  opened.push(socket);
  socket.setNoDelay(true);
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => undefined); // a reset after the answer is still a close
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected, received: () => received };
}

/** Request line and headers of a signed request (Host as signed), ready for a raw socket. */
async function signedHead(h: GatewayHarness, req: { method: string; path: string; headers: Record<string, string> }, service: string) {
  const signed = await h.sign({ method: req.method, path: req.path, headers: req.headers }, service);
  return `${req.method} ${req.path} HTTP/1.1\r\n${Object.entries(signed.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
}

/** Sends one byte every `everyMs` until the server closes the connection (bounded). */
async function trickle(client: ReturnType<typeof rawClient>, everyMs: number): Promise<void> {
  let open = true;
  void client.closed.then(() => (open = false));
  const deadline = Date.now() + HANG_GUARD_MS;
  while (open && Date.now() < deadline) {
    client.socket.write('x');
    await Promise.race([client.closed, new Promise((r) => setTimeout(r, everyMs))]);
  }
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
const headerOf = (raw: string, name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(raw.split('\r\n\r\n')[0]!)?.[1]?.trim();

describe('slow request bodies', () => {
  let t: Listening;
  beforeAll(async () => {
    t = await listening({ HSMTRAIL_BODY_IDLE_TIMEOUT_MS: '300' });
    await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await recordS3DataEvents(t.h, [BUCKET]);
  });
  afterAll(async () => {
    t.s3.destroy();
    await t.h.close();
  });

  it('answers an idle PutObject body with RequestTimeout, records it, keeps no object, and still serves others', async () => {
    const client = rawClient(t.port);
    await client.connected;
    const head = await signedHead(
      t.h,
      { method: 'PUT', path: `/${BUCKET}/slow.bin`, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': '1000' } },
      's3',
    );
    client.socket.write(head);
    // One byte per interval, each interval longer than the idle timeout.
    const trickling = trickle(client, 1_500);

    // Meanwhile another client is served.
    await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'fast.txt', Body: 'quick' }));

    await trickling;
    const raw = client.received();
    expect(statusOf(raw)).toBe(400);
    expect(raw).toContain('<Code>RequestTimeout</Code>');
    expect(raw).toContain(
      '<Message>Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.</Message>',
    );
    expect(headerOf(raw, 'connection')).toBe('close');

    const requestId = headerOf(raw, 'x-amz-request-id')!;
    expect(t.h.recordsFor(requestId)).toEqual([expect.objectContaining({ eventName: 'PutObject', errorCode: 'RequestTimeout' })]);
    await expect(t.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'slow.bin' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    expect(readdirSync(join(dataDirLayout(t.h.app.config.dataDir).buckets, 'tmp'))).toEqual([]);

    const fast = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'fast.txt' }));
    expect(await fast.Body!.transformToString()).toBe('quick');
  });

  it('answers an idle body of a non-S3 call (IAM, query protocol) with 408 RequestTimeout and closes', async () => {
    const client = rawClient(t.port);
    await client.connected;
    const head = await signedHead(
      t.h,
      { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '500' } },
      'iam',
    );
    client.socket.write(head);
    await trickle(client, 1_500);
    const raw = client.received();
    expect(statusOf(raw)).toBe(408);
    expect(raw).toContain('<Code>RequestTimeout</Code>');
    expect(headerOf(raw, 'connection')).toBe('close');
  });
});

describe('slow request headers', () => {
  let t: Listening;
  beforeAll(async () => {
    t = await listening({ HSMTRAIL_HEADERS_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    t.s3.destroy();
    await t.h.close();
  });

  it('closes a connection whose headers never complete with 408', async () => {
    const client = rawClient(t.port);
    await client.connected;
    client.socket.write('PUT /b/k HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await trickle(client, 1_500);
    expect(statusOf(client.received())).toBe(408);
  });
});

describe('the connection bound', () => {
  let t: Listening;
  beforeAll(async () => {
    t = await listening({ HSMTRAIL_MAX_CONNECTIONS: '2' });
  });
  afterAll(async () => {
    t.s3.destroy();
    await t.h.close();
  });

  const connections = () => new Promise<number>((resolve, reject) => t.h.app.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
  async function until(predicate: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + HANG_GUARD_MS;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('closes connections beyond maxConnections at once, and serves again when one frees up', async () => {
    const held = [rawClient(t.port), rawClient(t.port)];
    await Promise.all(held.map((c) => c.connected));
    await until(async () => (await connections()) === 2);

    const extra = rawClient(t.port);
    extra.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await extra.closed;
    expect(extra.received()).toBe('');

    held[0]!.socket.destroy();
    await until(async () => (await connections()) === 1);
    const out = await t.s3.send(new CreateBucketCommand({ Bucket: 'after-the-crowd' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    held[1]!.socket.destroy();
  });
});

describe('idle keep-alive connections near the bound', () => {
  let t: Listening;
  beforeAll(async () => {
    t = await listening({ HSMTRAIL_MAX_CONNECTIONS: '4' });
  });
  afterAll(async () => {
    t.s3.destroy();
    await t.h.close();
  });

  /** A raw keep-alive client that made one call and stays connected, as an SDK client per call does. */
  async function answeredOnce() {
    const c = rawClient(t.port);
    await c.connected;
    c.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const deadline = Date.now() + HANG_GUARD_MS;
    while (!/\r\n\r\n\{.*\}$/s.test(c.received())) {
      if (Date.now() > deadline) throw new Error(`no answer: ${c.received()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return c;
  }

  /** Whether the server closed `c` (bounded, so that a regression fails instead of hanging). */
  const closes = (c: ReturnType<typeof rawClient>) =>
    Promise.race([c.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), HANG_GUARD_MS))]);

  it('closes the longest-idle ones to let a new client in, and leaves the others open', async () => {
    const idle = [];
    for (let i = 0; i < 4; i++) idle.push(await answeredOnce());
    // The fourth connection reached the high-water mark (one below the bound): the longest idle made room.
    expect(await closes(idle[0]!)).toBe(true);
    const out = await t.s3.send(new CreateBucketCommand({ Bucket: 'room-for-a-newcomer' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await closes(idle[1]!)).toBe(true); // the SDK's connection in turn
    expect(idle.slice(2).map((c) => c.socket.destroyed)).toEqual([false, false]);
    expect(idle.map((c) => statusOf(c.received()))).toEqual([200, 200, 200, 200]);
  });
});
