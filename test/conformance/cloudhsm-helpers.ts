/** What the CloudHSM conformance tests share: the customer's own CA (openssl) and polling. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import type { RunningServer } from '../support/server.js';
import { Sha256 } from '../support/sha256.js';
import { run } from '../support/tools.js';

export const POLL_MS = 200;

/**
 * Calls `read` every 200 ms until `done` holds; fails with the last value after `timeoutMs`, a cap
 * for a loaded machine (fast timings finish in a few seconds on a quiet one), not an expectation.
 */
export async function pollUntil<T>(read: () => T | Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const r = await run('openssl', args, { ...process.env, OPENSSL_CONF: '/dev/null', RANDFILE: join(cwd, '.rnd') });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

export interface CustomerCa {
  dir: string;
  crt: string;
  key: string;
}

/** The user guide's self-signed issuing CA: `openssl req -x509 -newkey rsa:2048 ...`. */
export async function makeCa(name: string, dir = mkdtempSync(join(tmpdir(), 'hsmtrail-ca-'))): Promise<CustomerCa> {
  const crt = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3652', '-subj', `/CN=${name}`, '-keyout', key, '-out', crt],
    dir,
  );
  return { dir, crt, key };
}

/** Signs the cluster CSR as the guide does; returns the path of cluster.crt. */
export async function signCsr(ca: CustomerCa, csrPem: string, out = 'cluster'): Promise<string> {
  const csr = join(ca.dir, `${out}.csr`);
  const crt = join(ca.dir, `${out}.crt`);
  writeFileSync(csr, csrPem.trim() + '\n');
  await openssl(['x509', '-req', '-days', '3652', '-in', csr, '-CA', ca.crt, '-CAkey', ca.key, '-CAcreateserial', '-out', crt], ca.dir);
  return crt;
}

export const pem = (path: string): string => readFileSync(path, 'utf8');

/** The region's default subnets by zone, through EC2 DescribeSubnets (no EC2 SDK client is installed). */
export async function defaultSubnets(server: RunningServer, region = 'us-east-1'): Promise<Array<{ id: string; az: string }>> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ service: 'ec2', region, credentials: server, sha256: Sha256 });
  const req = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=default-for-az&Filter.1.Value.1=true',
  });
  const res = await fetch(server.endpoint, { method: 'POST', headers: req.headers, body: req.body as string });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`DescribeSubnets: ${res.status} ${text}`);
  const xml = new XMLParser({ isArray: (name) => name === 'item' }).parse(text);
  const items = xml.DescribeSubnetsResponse.subnetSet.item as Array<{ subnetId: string; availabilityZone: string }>;
  return items.map((s) => ({ id: s.subnetId, az: s.availabilityZone })).sort((a, b) => a.az.localeCompare(b.az));
}
