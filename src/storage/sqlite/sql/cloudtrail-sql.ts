import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../database.js';
import { athenaProjection, recordColumnsArg, recordStructType, sqlString } from './cloudtrail-table.js';
import { storedRecord } from '../event-records.js';
import { recordText } from '../record-codec.js';

/** The SQLite event store (its own connection), delivered log files, or stored records from any engine. */
export type SqlSource = { kind: 'store'; db: Db } | { kind: 'files'; dir: string } | { kind: 'records'; records: AsyncIterable<string> };

export interface SqlResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/**
 * SQL over CloudTrail events with DuckDB, through a `cloudtrail` view shaped like the Athena table.
 * DuckDB's sqlite extension is not available offline, so the event store is exported to a
 * temporary NDJSON file (one record per line) that read_json scans; delivered log files
 * (`*_CloudTrail_*.json.gz`, digests excluded) are read directly with their Records unnested.
 * The export iterates the store connection across awaits: give it a connection of its own.
 */
export class CloudTrailSql {
  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async open(source: SqlSource): Promise<CloudTrailSql> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    if (source.kind === 'files') {
      await conn.run(filesView(resolve(source.dir)));
      return new CloudTrailSql(conn, async () => conn.closeSync());
    }
    const dir = await mkdtemp(join(tmpdir(), 'hsmtrail-sql-'));
    const file = join(dir, 'events.ndjson');
    await writeNdjson(source.kind === 'store' ? storeRecords(source.db) : source.records, file);
    await conn.run(
      `CREATE VIEW cloudtrail AS ${athenaProjection(`read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${recordColumnsArg()})`)}`,
    );
    return new CloudTrailSql(conn, async () => {
      conn.closeSync();
      await rm(dir, { recursive: true, force: true });
    });
  }

  async query(sql: string): Promise<SqlResult> {
    const reader = await this.conn.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}

function filesView(dir: string): string {
  const glob = sqlString(join(dir, '**', '*_CloudTrail_*.json.gz'));
  const files = `read_json(${glob}, format = 'auto', columns = {Records: ${sqlString(`${recordStructType()}[]`)}})`;
  return `CREATE VIEW cloudtrail AS ${athenaProjection(`(SELECT r.* FROM (SELECT unnest(Records) AS r FROM ${files}))`)}`;
}

/** Every record of the SQLite store, oldest first. */
function* storeRecords(db: Db): Iterable<string> {
  const rows = db
    .prepare(`SELECT ${storedRecord('events')} FROM events ORDER BY seq`)
    .pluck()
    .iterate() as IterableIterator<string | Uint8Array>;
  for (const record of rows) yield recordText(db, record);
}

/** Streams records into an NDJSON file with backpressure. */
async function writeNdjson(records: Iterable<string> | AsyncIterable<string>, file: string): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  for await (const record of records) {
    buffer += record + '\n';
    if (buffer.length < 1 << 20) continue;
    const flushed = out.write(buffer);
    buffer = '';
    if (!flushed) await once(out, 'drain');
  }
  out.end(buffer);
  await once(out, 'finish');
}
