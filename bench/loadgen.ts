/**
 * A small closed-loop HTTP load generator: N keep-alive connections, each sending the next request as
 * soon as the previous answer arrives. Runs in its own process (see load.ts) so the server under test
 * and the generator do not share an event loop. Prints one JSON line of results.
 */
import http from 'node:http';

/** Where one connection sends: its URL and its (signed, so per-host) headers and body. */
export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Several servers (nodes behind one balancer): connection i sends to targets[i % n]; default url/headers/body. */
  targets?: LoadTarget[];
  connections: number;
  durationMs: number;
  warmupMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const targets = (spec.targets ?? [{ url: spec.url, headers: spec.headers, body: spec.body }]).map((t) => ({
    ...t,
    parsed: new URL(t.url),
  }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let measuring = false;
  let stopped = false;
  const one = (target: (typeof targets)[number]) =>
    new Promise<void>((resolve) => {
      const start = process.hrtime.bigint();
      const url = target.parsed;
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: spec.method, headers: target.headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (measuring) {
              latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
              statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        if (measuring) errors++;
        resolve();
      });
      req.end(target.body);
    });
  const worker = async (i: number) => {
    const target = targets[i % targets.length]!;
    while (!stopped) await one(target);
  };
  const workers = Array.from({ length: spec.connections }, (_, i) => worker(i));
  await new Promise((r) => setTimeout(r, spec.warmupMs));
  measuring = true;
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, spec.durationMs));
  measuring = false;
  const elapsed = (Date.now() - t0) / 1000;
  stopped = true;
  await Promise.all(workers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    statuses,
  };
}

if (process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3]!) as LoadSpec;
  runLoad(spec).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
}
