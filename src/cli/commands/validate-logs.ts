import type { Command } from 'commander';
import { parseTrailArn, startupText, summaryText, validateLogs } from '../../audit/validate/index.js';
import { ProgressPrinter } from './validate-logs/progress.js';
import { endpointSources, offlineSources } from './validate-logs/sources.js';
import { DATABASE_OPTION, storeLocation } from './store-location.js';

interface Options {
  trailArn: string;
  startTime: string;
  endTime?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  accountId?: string;
  verbose?: boolean;
  region?: string;
  output: string;
  dataDir?: string;
  database?: string;
  endpoint?: string;
}

/** awscli's time parsing: the text is read as UTC, an offset in it is dropped, not applied. */
export function parseCliTime(text: string): Date {
  const bare = text
    .trim()
    .replace(/(Z|[+-]\d{2}:?\d{2})$/i, '')
    .replace(' ', 'T');
  const date = new Date(bare.includes('T') ? `${bare}Z` : `${bare}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`Unable to parse time: ${text}`);
  return date;
}

/** `hsmtrail validate-logs`: `aws cloudtrail validate-logs` over the data directory or an S3 endpoint. */
export function registerValidateLogs(program: Command): void {
  program
    .command('validate-logs')
    .description('validate the log files and digests of a trail, like aws cloudtrail validate-logs')
    .requiredOption('--trail-arn <arn>', 'ARN of the trail to validate')
    .requiredOption('--start-time <time>', 'validate files delivered at or after this time (UTC)')
    .option('--end-time <time>', 'validate files delivered up to this time (default: now)')
    .option('--s3-bucket <bucket>', 'bucket holding the digests (default: the trail’s)')
    .option('--s3-prefix <prefix>', 'key prefix of the digests (default: the trail’s)')
    .option('--account-id <id>', 'account whose logs are validated (default: the ARN’s)')
    .option('--region <region>', 'source region to validate (default: the trail’s home region)')
    .option('--verbose', 'print every valid file too')
    .option('--output <format>', 'text (awscli’s lines) or json (the full report)', 'text')
    .option('--data-dir <dir>', 'read the server’s data directory directly (offline)')
    .option(...DATABASE_OPTION)
    .option('--endpoint <url>', 'S3 and CloudTrail endpoint (default: AWS_ENDPOINT_URL)')
    .action(async (opts: Options) => {
      process.exitCode = await runValidateLogs(opts);
    });
}

export async function runValidateLogs(opts: Options): Promise<number> {
  const arn = parseTrailArn(opts.trailArn);
  const region = opts.region ?? arn.homeRegion;
  // Offline only when asked on the command line: the endpoint stays the default, as before --database.
  const at = storeLocation(opts);
  const sources = at ? offlineSources(at) : endpointSources(opts.endpoint ?? process.env['AWS_ENDPOINT_URL'], region);
  const text = opts.output !== 'json';
  const progress = new ProgressPrinter(Boolean(opts.verbose), text);
  try {
    const destination = opts.s3Bucket ? { bucket: opts.s3Bucket, prefix: opts.s3Prefix } : await sources.destination(opts.trailArn);
    const startTime = parseCliTime(opts.startTime);
    const endTime = opts.endTime ? parseCliTime(opts.endTime) : new Date();
    if (text) process.stdout.write(startupText({ trailArn: opts.trailArn, requestedStart: iso(startTime), requestedEnd: iso(endTime) }));
    const report = await validateLogs({
      store: sources.store,
      trailArn: opts.trailArn,
      bucket: destination.bucket,
      prefix: opts.s3Prefix ?? destination.prefix,
      accountId: opts.accountId,
      regions: [region],
      startTime,
      endTime,
      publicKeys: sources.publicKeys,
      onProgress: progress.on,
    });
    progress.finish();
    process.stdout.write(text ? summaryText(report) : `${JSON.stringify(report, null, 2)}\n`);
    return report.exitCode;
  } finally {
    await sources.close();
  }
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
