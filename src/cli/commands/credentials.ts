import type { Command } from 'commander';
import { resolve } from 'node:path';
import { readAccount, readEndpoint } from '../../app/bootstrap.js';
import { DEFAULT_ENDPOINT } from '../admin-client.js';

interface Keys {
  accountId: string;
  rootAccessKeyId: string;
  rootSecretAccessKey: string;
}

export function credentialExports(keys: Keys, endpoint: string): string {
  return [
    `export AWS_ACCESS_KEY_ID=${keys.rootAccessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${keys.rootSecretAccessKey}`,
    `export AWS_DEFAULT_REGION=us-east-1`,
    `export AWS_REGION=us-east-1`,
    `export AWS_ENDPOINT_URL=${endpoint}`,
  ].join('\n');
}

export function credentialsProfile(keys: Keys, profile: string): string {
  return [`[${profile}]`, `aws_access_key_id = ${keys.rootAccessKeyId}`, `aws_secret_access_key = ${keys.rootSecretAccessKey}`].join('\n');
}

export function registerCredentials(program: Command): void {
  program
    .command('credentials')
    .description('print the root credentials as environment exports and as an ~/.aws/credentials profile')
    .option('--data-dir <dir>', 'data directory of the server (HSMTRAIL_DATA_DIR)')
    .option('--profile <name>', 'profile name for the credentials-file form', 'hsmtrail')
    .option(
      '--endpoint <url>',
      'endpoint to export as AWS_ENDPOINT_URL (default: where the server listens, else AWS_ENDPOINT_URL, else http://127.0.0.1:4599)',
    )
    .option('--output <format>', 'text or json', 'text')
    .action((flags: { dataDir?: string; profile: string; endpoint?: string; output: string }) => {
      const dataDir = resolve(flags.dataDir ?? process.env.HSMTRAIL_DATA_DIR ?? '.hsmtrail');
      const account = readAccount(dataDir);
      if (!account) throw new Error(`no account in '${dataDir}': start the server once with 'hsmtrail serve' (or pass --data-dir)`);
      const endpoint = exportedEndpoint(dataDir, flags.endpoint);
      if (flags.output === 'json') {
        process.stdout.write(
          JSON.stringify(
            {
              AccountId: account.accountId,
              AccessKeyId: account.rootAccessKeyId,
              SecretAccessKey: account.rootSecretAccessKey,
              Endpoint: endpoint,
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      process.stdout.write(
        `# Root credentials of account ${account.accountId}\n# As environment variables:\n${credentialExports(account, endpoint)}\n\n` +
          `# As a profile in ~/.aws/credentials (use with AWS_PROFILE=${flags.profile}):\n${credentialsProfile(account, flags.profile)}\n`,
      );
    });
}

/**
 * The endpoint the exports point at: --endpoint, else where this data dir's server says it listens
 * (endpoint.json, written at start; it beats a possibly stale AWS_ENDPOINT_URL from an earlier eval),
 * else AWS_ENDPOINT_URL, else the default port.
 */
function exportedEndpoint(dataDir: string, flag: string | undefined): string {
  return flag ?? readEndpoint(dataDir)?.endpoint ?? process.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;
}
