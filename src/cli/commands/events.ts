import type { Command } from 'commander';
import { parseTimeArg, type EventFilter, type FoundEvent } from '../../query/search-events.js';
import { formatTable, tableRow, TABLE_HEADER } from '../../query/event-table.js';
import { localFeed, remoteFeed } from './event-feed.js';
import { DATABASE_OPTION, storeLocation } from './store-location.js';

export interface EventsFlags {
  dataDir?: string;
  database?: string;
  endpoint?: string;
  profile?: string;
  user?: string[];
  eventName?: string;
  eventSource?: string;
  sourceIp?: string;
  errorCode?: string;
  errorsOnly?: boolean;
  resource?: string;
  accessKey?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
  since?: string;
  until?: string;
  region?: string;
  limit: string;
  output: string;
  follow?: boolean;
  interval: string;
}

export interface EventsIo {
  write(text: string): void;
  /** Ends --follow. */
  signal?: AbortSignal;
  now?: Date;
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .description('search recorded CloudTrail events on a running server, or offline in its store')
    .option('--data-dir <dir>', 'read this data directory directly, offline (HSMTRAIL_DATA_DIR)')
    .option(...DATABASE_OPTION)
    .option('--endpoint <url>', 'running server to ask (default: AWS_ENDPOINT_URL, else http://127.0.0.1:4599)')
    .option('--profile <name>', 'AWS credentials profile for the running server')
    .option('--user <name...>', 'IAM user name, role session name or root (repeatable)')
    .option('--event-name <name>', 'event name, * wildcards allowed (CreateHsm, Describe*)')
    .option('--event-source <source>', 'event source (cloudhsm or cloudhsm.amazonaws.com)')
    .option('--source-ip <ip|cidr>', 'source IP address or CIDR block')
    .option('--error-code <code>', 'only events that failed with this error code')
    .option('--errors-only', 'only failed calls')
    .option('--resource <name|arn>', 'events naming this resource')
    .option('--access-key <id>', 'access key id used')
    .option('--read-only', 'only read-only calls')
    .option('--write-only', 'only mutating calls')
    .option('--since <when>', 'events at or after: 30m, 1h, 7d or an ISO time')
    .option('--until <when>', 'events at or before: 30m, 1h, 7d or an ISO time')
    .option('--region <region>', 'awsRegion of the event')
    .option('--limit <n>', 'how many of the newest matching events to show', '50')
    .option('--output <format>', 'table, json or jsonl', 'table')
    .option('--follow', 'keep running and print new events as they are recorded')
    .option('--interval <ms>', 'poll interval for --follow with --data-dir (a running server streams instead)', '500')
    .action(async (flags: EventsFlags) => {
      const ac = new AbortController();
      process.once('SIGINT', () => ac.abort());
      await runEvents(flags, { write: (t) => process.stdout.write(t), signal: ac.signal });
    });
}

export async function runEvents(flags: EventsFlags, io: EventsIo): Promise<void> {
  const filter = toFilter(flags, io.now ?? new Date());
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer, not '${flags.limit}'`);
  if (!['table', 'json', 'jsonl'].includes(flags.output)) throw new Error(`--output must be table, json or jsonl, not '${flags.output}'`);
  const at = storeLocation(flags, process.env);
  const feed = at ? localFeed(at) : remoteFeed({ endpoint: flags.endpoint, profile: flags.profile });
  try {
    if (flags.follow) {
      const output = flags.output === 'json' ? 'jsonl' : flags.output;
      await feed.follow(
        filter,
        { limit, intervalMs: Number(flags.interval) },
        (events, first) => print(events, output, io, first),
        io.signal,
      );
    } else {
      const { events } = await feed.search(filter, { limit });
      print(events.reverse(), flags.output, io, true);
    }
  } finally {
    await feed.close();
  }
}

function toFilter(flags: EventsFlags, now: Date): EventFilter {
  if (flags.readOnly && flags.writeOnly) throw new Error('--read-only and --write-only exclude each other');
  return {
    users: flags.user,
    eventName: flags.eventName,
    eventSource: flags.eventSource,
    sourceIp: flags.sourceIp,
    errorCode: flags.errorCode,
    errorsOnly: flags.errorsOnly,
    resource: flags.resource,
    accessKeyId: flags.accessKey,
    readOnly: flags.readOnly ? true : flags.writeOnly ? false : undefined,
    since: flags.since ? parseTimeArg(flags.since, now) : undefined,
    until: flags.until ? parseTimeArg(flags.until, now) : undefined,
    region: flags.region,
  };
}

function print(events: FoundEvent[], output: string, io: EventsIo, first: boolean): void {
  if (output === 'json')
    io.write(
      JSON.stringify(
        events.map((e) => JSON.parse(e.record)),
        null,
        2,
      ) + '\n',
    );
  else if (output === 'jsonl') for (const e of events) io.write(e.record + '\n');
  else if (first)
    io.write(
      formatTable(
        TABLE_HEADER,
        events.map((e) => tableRow(e.record)),
      ),
    );
  else if (events.length)
    io.write(
      formatTable(
        TABLE_HEADER,
        events.map((e) => tableRow(e.record)),
      )
        .split('\n')
        .slice(1)
        .join('\n'),
    );
}
