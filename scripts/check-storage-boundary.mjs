#!/usr/bin/env node
// The storage boundary, checked: outside src/storage/ no source file may import a database driver or a
// storage engine's folder, or hold SQL. Services reach storage only through the ports
// (src/storage/ports*.ts) and the engine-neutral factory (src/storage/open.ts). Test files are exempt:
// they may set up state with SQL. A file that must show SQL to users (the examples of `hsmtrail sql`) says
// so with a `storage-boundary: user SQL` comment. `--list` prints every finding and exits 0.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 ? process.argv[rootArg + 1] : new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

const DRIVERS = /from\s+['"](better-sqlite3|pg|pg-[\w-]+|@duckdb\/[\w-]+)['"]/;
const ENGINE_FOLDER = /from\s+['"][^'"]*\/storage\/(sqlite|postgres)\/[^'"]*['"]/;
const DRIVER_CALLS = /\b(db|conn|connection|database|reader|writer)\.(prepare|pragma|transaction|exec)\(/;
const SQL = [
  /\bSELECT\s[\s\S]{0,400}?\bFROM\s/,
  /\bINSERT\s+(OR\s+\w+\s+)?INTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|UNIQUE\s+INDEX|VIEW|TRIGGER)\b/,
  /\bPRAGMA\s+\w+/,
  /\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b/,
];

/** Tests and their helpers (`*.test.ts`, `*.test-helper.ts`, `test-support.ts`, `test-fixtures.ts`, `testing/`). */
function isTestCode(path) {
  return /\.test(-helper)?\.tsx?$|\/test-(support|fixtures)\.tsx?$|\/testing\//.test(path);
}

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name) && !isTestCode(path)) yield path;
  }
}

/** Drops comments, so prose about SQL ("the SELECT behind LookupEvents") is not a finding. */
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function findings(path) {
  const raw = readFileSync(path, 'utf8');
  const text = code(raw);
  const found = [];
  if (DRIVERS.test(text)) found.push('imports a database driver');
  if (ENGINE_FOLDER.test(text)) found.push('imports a storage engine (use src/storage/ports*.ts or src/storage/open.ts)');
  if (DRIVER_CALLS.test(text)) found.push(`calls the driver (${DRIVER_CALLS.exec(text)[0]})`);
  const sql = raw.includes('storage-boundary: user SQL') ? undefined : SQL.find((re) => re.test(text));
  if (sql) found.push(`holds SQL (${sql.exec(text)[0].replace(/\s+/g, ' ').slice(0, 40)})`);
  return found;
}

const offenders = [];
for (const path of sources(SRC)) {
  const rel = relative(ROOT, path);
  if (rel.startsWith('src/storage/')) continue;
  const found = findings(path);
  if (found.length > 0) offenders.push(`${rel}: ${found.join('; ')}`);
}

const list = process.argv.includes('--list');
if (offenders.length === 0) {
  console.log('storage boundary: no driver, engine import or SQL outside src/storage/');
} else {
  console.error(`storage boundary: ${offenders.length} file(s) outside src/storage/ reach the database directly:`);
  for (const o of offenders) console.error(`  ${o}`);
  if (!list) {
    console.error('Move the SQL into a repository under src/storage/<engine>/ and call it through its port.');
    process.exit(1);
  }
}
