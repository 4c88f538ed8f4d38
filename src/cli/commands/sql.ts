import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openStoreReadOnly } from '../../query/open-store.js';
import { formatTable } from '../../query/event-table.js';
import { CloudTrailSql, type SqlResult, type SqlSource } from '../../query/sql/cloudtrail-sql.js';

export interface SqlFlags {
  dataDir?: string;
  source: string;
  bucketDir?: string;
  fromDir?: string;
  output: string;
}

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run SQL (DuckDB) over CloudTrail events: a `cloudtrail` table shaped like the Athena CloudTrail table')
    .argument('<query>', 'e.g. "SELECT useridentity.username, count(*) FROM cloudtrail GROUP BY 1"')
    .option('--data-dir <dir>', 'data directory of the server (HSMTRAIL_DATA_DIR)')
    .option('--source <source>', 'store (the event store) or files (delivered log files)', 'store')
    .option('--bucket-dir <dir>', 'with --source files: the bucket directory holding AWSLogs/')
    .option('--from-dir <dir>', 'query the *.json.gz log files under this directory (implies --source files)')
    .option('--output <format>', 'table, csv or json', 'table')
    .action(async (query: string, flags: SqlFlags) => {
      process.stdout.write(await runSql(query, flags));
    });
}

export async function runSql(query: string, flags: SqlFlags): Promise<string> {
  if (!['table', 'csv', 'json'].includes(flags.output)) throw new Error(`--output must be table, csv or json, not '${flags.output}'`);
  const { source, close } = openSource(flags);
  try {
    const sql = await CloudTrailSql.open(source);
    try {
      return render(await sql.query(query), flags.output);
    } finally {
      await sql.close();
    }
  } finally {
    close();
  }
}

function openSource(flags: SqlFlags): { source: SqlSource; close(): void } {
  const dir = flags.fromDir ?? (flags.source === 'files' ? flags.bucketDir : undefined);
  if (dir) return { source: { kind: 'files', dir }, close: () => {} };
  if (flags.source === 'files') throw new Error('--source files needs --bucket-dir <dir>');
  if (flags.source !== 'store') throw new Error(`--source must be store or files, not '${flags.source}'`);
  const db = openStoreReadOnly(resolve(flags.dataDir ?? process.env.HSMTRAIL_DATA_DIR ?? '.hsmtrail'));
  return { source: { kind: 'store', db }, close: () => db.close() };
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
