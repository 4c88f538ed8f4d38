import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatTable } from '../../query/event-table.js';
import { openEventSql, type EventSqlSource, type SqlResult } from '../../storage/offline.js';
import { downloadLogFiles, openBucket } from './bucket-download.js';
import { DATABASE_OPTION, storeLocation } from './store-location.js';

// storage-boundary: user SQL — the example in `hsmtrail sql`'s help is the user's query over the
// `cloudtrail` view, not the server's storage.

export interface SqlFlags {
  dataDir?: string;
  database?: string;
  source: string;
  bucket?: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  fromDir?: string;
  output: string;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL (DuckDB) over CloudTrail events: a `cloudtrail` table shaped like the Athena CloudTrail table')
    .argument('<query>', 'e.g. "SELECT useridentity.username, count(*) FROM cloudtrail GROUP BY 1"')
    .option('--data-dir <dir>', 'data directory of the server (HSMTRAIL_DATA_DIR)')
    .option(...DATABASE_OPTION)
    .option('--source <source>', "store (the event store) or files (a trail's delivered log files)", 'store')
    .option('--bucket <name>', "with --source files: the trail's bucket — the built-in one with --data-dir, else over S3 at --endpoint")
    .option('--prefix <prefix>', "the trail's S3 key prefix, if it has one")
    .option('--endpoint <url>', 'S3 endpoint for --bucket (default: AWS_ENDPOINT_URL, else AWS)')
    .option('--region <region>', 'region of the S3 endpoint', 'us-east-1')
    .option('--from-dir <dir>', 'query the *.json.gz log files under this directory (implies --source files)')
    .option('--output <format>', 'table, csv or json', 'table')
    .action(async (query: string, flags: SqlFlags) => {
      process.stdout.write(await runSql(query, flags));
    });
}

export async function runSql(query: string, flags: SqlFlags): Promise<string> {
  if (!['table', 'csv', 'json'].includes(flags.output)) throw new Error(`--output must be table, csv or json, not '${flags.output}'`);
  const { source, close } = await openSource(flags);
  try {
    const sql = await openEventSql(source);
    try {
      return render(await sql.query(query), flags.output);
    } finally {
      await sql.close();
    }
  } finally {
    await close();
  }
}

async function openSource(flags: SqlFlags): Promise<{ source: EventSqlSource; close(): void | Promise<void> }> {
  if (flags.fromDir) return { source: { kind: 'files', dir: flags.fromDir }, close: () => {} };
  const at = storeLocation(flags, process.env);
  if (flags.source === 'files') {
    if (!flags.bucket) throw new Error('--source files needs --bucket <name> (or --from-dir <dir>)');
    const bucket = openBucket({ at, endpoint: flags.endpoint ?? process.env.AWS_ENDPOINT_URL, region: flags.region });
    try {
      const files = await downloadLogFiles(bucket.store, flags.bucket, flags.prefix);
      return { source: { kind: 'files', dir: files.dir }, close: files.cleanup };
    } finally {
      await bucket.close();
    }
  }
  if (flags.source !== 'store') throw new Error(`--source must be store or files, not '${flags.source}'`);
  return { source: { kind: 'store', ...(at ?? { dataDir: resolve('.hsmtrail') }) }, close: () => {} };
}

function render(result: SqlResult, output: string): string {
  if (output === 'json') return JSON.stringify(result.rows, null, 2) + '\n';
  const cells = result.rows.map((row) => result.columns.map((c) => cell(row[c])));
  if (output === 'csv') return [result.columns, ...cells].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  return formatTable(result.columns, cells);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
