import type { Command } from 'commander';
import { composeApp } from '../../app/compose.js';
import { loadConfig, type RawServeOptions } from '../../config/config.js';
import { clearEndpoint, connectEndpoint, writeEndpoint } from '../../app/bootstrap.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the server (every hosted service and region on one port)')
    .option('--host <host>', 'address to bind (HSMTRAIL_HOST)', undefined)
    .option('--port <port>', 'port to listen on (HSMTRAIL_PORT)', undefined)
    .option('--data-dir <dir>', 'where the store, bucket and keys live (HSMTRAIL_DATA_DIR)', undefined)
    .option('--account-id <id>', '12-digit account id to create on first start (HSMTRAIL_ACCOUNT_ID)')
    .option('--region <region>', 'default region (HSMTRAIL_REGION)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option('--trusted-proxies <ips>', 'comma-separated proxy IPs whose X-Forwarded-For is believed')
    .option('--durability <level>', 'normal (survives kill -9) or full (also power loss)')
    .option(
      '--database <url>',
      'keep the store in PostgreSQL (postgres://user@host:5432/db) instead of the data dir; several nodes may share it (HSMTRAIL_DATABASE_URL, the place for a password)',
    )
    .option('--timings <mode>', 'CloudHSM step durations: fast (default) or aws (HSMTRAIL_TIMINGS)')
    .option('--auto-activate', 'activate initialized clusters automatically (HSMTRAIL_AUTO_ACTIVATE=true)')
    .option(
      '--delivery-endpoint <url>',
      'deliver trails to this S3-compatible endpoint instead of the built-in bucket store (credentials: HSMTRAIL_DELIVERY_ACCESS_KEY_ID/SECRET_ACCESS_KEY)',
    )
    .option('--delivery-region <region>', 'region of the external delivery endpoint')
    .option('--delivery-interval <seconds>', 'how often trails deliver log files (default 60)')
    .option('--digest-period <seconds>', 'digest file period (default 3600, as CloudTrail)')
    .option(
      '--retention <duration>',
      'keep events this long, then purge them once every trail has delivered them: 90d, 12h, 30m (default 90d; HSMTRAIL_RETENTION)',
    )
    .option('--retention-days <days>', 'the same in days (older spelling of --retention)')
    .option(
      '--min-free-space <size>',
      'refuse writes (503, retryable) below this free space, e.g. 512MiB or 5% (default 256MiB; HSMTRAIL_MIN_FREE_SPACE)',
    )
    .option('--throttle-lookup-events', "emulate LookupEvents' 2 requests/second limit")
    .option('--log-level <level>', 'fatal|error|warn|info|debug|silent (HSMTRAIL_LOG_LEVEL)')
    .action(async (flags: RawServeOptions) => {
      const config = loadConfig(flags);
      const app = composeApp(config);
      // Handlers go in before the server can be seen: a signal that arrives as soon as "listening" is
      // printed must find them (a process preempted right after that write would otherwise die).
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        clearEndpoint(config.dataDir);
        app.logger.info({ signal }, 'shutting down: no new connections, finishing in-flight calls');
        app.close().then(
          () => process.exit(0),
          (err: unknown) => {
            app.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      await app.claimStore();
      await listen(app.server, config.host, config.port);
      await app.start();
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const scheme = config.tlsCert ? 'https' : 'http';
      writeEndpoint(config.dataDir, connectEndpoint(scheme, config.host, port));
      // stdout is also the JSON log stream (collected by journald, docker, CI logs), so the root secret is
      // never printed: it stays in account.json (0600), and `hsmtrail credentials` prints it on demand.
      if (app.account.created) {
        process.stdout.write(
          `Created account ${app.account.accountId}. Root credentials are in ${config.dataDir}/account.json (mode 0600); ` +
            `print them with: hsmtrail credentials --data-dir ${config.dataDir}\n`,
        );
      }
      process.stdout.write(
        `hsmtrail listening on ${scheme}://${config.host}:${port} (account ${app.account.accountId}, data ${config.dataDir})\n`,
      );
      process.stdout.write(`console: ${scheme}://${config.host}:${port}/console/\n`);
    });
}

function listen(server: import('node:http').Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new Error(`port ${port} on ${host} is already in use: stop the other process or choose --port`));
      else if (err.code === 'EACCES') reject(new Error(`not allowed to listen on ${host}:${port}: choose a port above 1023`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new Error(`cannot bind to ${host}: it is not an address of this machine`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
}
