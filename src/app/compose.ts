import { readFileSync } from 'node:fs';
import type http from 'node:http';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { openStore, type SqliteConnection } from '../storage/open.js';
import type { Store } from '../storage/ports.js';
import { dataDirLayout } from '../storage/data-dir.js';
import { Gateway } from '../gateway/pipeline.js';
import { createEdgeServer } from '../gateway/node-adapter.js';
import type { GatewayDeps } from '../gateway/deps.js';
import { EventRecorder } from '../audit/record/recorder.js';
import { buildServices, type Worker } from './services.js';
import { createIdentity } from '../identity/index.js';
import { bootstrapAccount, prepareDataDir, type AccountBootstrap } from './bootstrap.js';
import { healthRoute, healthStatus } from './health.js';
import { snsCertificateRoute } from './sns-certificate.js';
import { FreeSpaceMonitor } from '../storage/free-space.js';
import { ConsoleBackend } from '../console/console.js';
import { consoleRoute } from '../console/edge.js';
import { EventPurger } from '../audit/retention/purger.js';
import { WorkerLeader, fencedStore } from './leader.js';
import { claimHostedAccount } from './hosted-account.js';
import { importLegacyRootPassword } from '../console/root-password.js';
import { nodeIdentity } from './node-identity.js';

/** Everything a running server is made of; returned so tests and the CLI can reach the parts. */
export interface App {
  config: Config;
  account: AccountBootstrap;
  /** The storage boundary. */
  store: Store;
  /** The SQLite writer connection, for white-box tests that inspect the file. */
  db: SqliteConnection;
  /** Which node runs the background workers (with SQLite: this one). */
  leader: WorkerLeader;
  gateway: Gateway;
  /** The web console's backend (/console/): sign-in, sessions, console actions through the gateway. */
  console: ConsoleBackend;
  server: http.Server;
  logger: Logger;
  /** The retention purge (its status is in /health). */
  retention: EventPurger;
  /** What `/health` answers (storage, retention, workers, EventBridge retries and failures). */
  health(): Record<string, unknown>;
  /** Start background workers (lifecycle transitions, delivery): resolves once the leader lease was tried for. */
  start(): Promise<void>;
  /**
   * Claims the store for this node's account, or refuses a node that differs (before it listens); then
   * moves a root console password file of an earlier version into the store.
   */
  claimStore(): Promise<void>;
  /** Stop accepting, let in-flight calls finish, stop workers, close the store. */
  close(): Promise<void>;
}

/** The composition root: Config → store → services → gateway → edge. */
export function composeApp(config: Config, opts: { logger?: Logger } = {}): App {
  const logger = opts.logger ?? pino({ level: config.logLevel, base: undefined });
  prepareDataDir(config.dataDir);
  const account = bootstrapAccount(config);
  const dbPath = dataDirLayout(config.dataDir).store;
  const opened = openStore(dbPath, { durability: config.durability, database: config.database, compaction: config.compaction });
  const { store } = opened;
  // Delivery, digests and retention commit only while this node holds the worker lease.
  // eslint-disable-next-line prefer-const -- the workers are built before the leader that runs them
  let leader: WorkerLeader;
  const workerStore = fencedStore(store, (tx) => leader.fence(tx));
  const identity = createIdentity({ store, dataDir: config.dataDir, account, defaultRegion: config.defaultRegion, logger });
  const {
    services,
    workers: serviceWorkers,
    dataEvents,
    streams,
    onEventCommitted,
    eventBridge,
  } = buildServices({ config, store, workerStore, logger, accountId: account.accountId, identity });
  const retention = new EventPurger({ store: workerStore, logger, options: { retentionMs: config.retentionMs, ...config.purge } });
  // Engine chores and the identity's last-used flush run on every node; the rest only on the leader.
  leader = new WorkerLeader(store, [...serviceWorkers, retention], { logger, ...nodeIdentity(config.dataDir) });
  const workers: Worker[] = [...opened.workers, identity.worker, leader];
  const layout = dataDirLayout(config.dataDir);
  const freeSpace = new FreeSpaceMonitor(
    [
      { roles: ['store'], path: config.dataDir },
      { roles: ['objects'], path: layout.buckets },
    ],
    config.minFreeSpace,
    {
      onChange: (report, previous) =>
        report.level === 'ok'
          ? logger.info({ previous }, 'free space is back above --min-free-space: serving writes again')
          : logger.warn({ level: report.level, reason: report.reason }, 'free space is low'),
    },
  );
  const recorder = new EventRecorder({ accountId: account.accountId, defaultRegion: config.defaultRegion, dataEvents, onEventCommitted });
  const deps: GatewayDeps = {
    services,
    credentials: identity.credentials,
    authorizer: identity.authorizer,
    recorder,
    store,
    logger,
    clock: () => new Date(),
    limits: { maxBodyBytes: config.maxBodyBytes, maxObjectBytes: 5 * 1024 ** 3 },
    accountId: account.accountId,
    defaultRegion: config.defaultRegion,
    freeSpace,
  };
  const gateway = new Gateway(deps);
  const consoleBackend = new ConsoleBackend({
    gateway,
    store,
    account: identity.account,
    accountId: account.accountId,
    region: config.defaultRegion,
  });
  const healthBody = () => ({
    ...healthStatus(freeSpace.report()),
    retention: retention.status(),
    workers: leader.status(),
    eventBridge: eventBridge(),
  });
  const health = healthRoute(healthBody);
  const consoleHttp = consoleRoute(consoleBackend);
  const snsCertificates = snsCertificateRoute(store);
  const tls = config.tlsCert ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey!) } : undefined;
  const server = createEdgeServer(gateway, {
    tls,
    maxHeaderBytes: config.maxHeaderBytes,
    trustedProxies: config.trustedProxies,
    limits: config.edge,
    logger,
    extraRoutes: (req, conn, body) => health(req) ?? snsCertificates(req) ?? consoleHttp(req, conn, body),
  });
  return {
    config,
    account,
    store,
    get db() {
      return opened.connection;
    },
    leader,
    gateway,
    console: consoleBackend,
    server,
    logger,
    retention,
    claimStore: async () => {
      await claimHostedAccount(store, identity.account.box, account, logger);
      await importLegacyRootPassword(store, config.dataDir, logger);
    },
    health: healthBody,
    start: async () => {
      for (const w of workers) await w.start();
    },
    close: () => closeApp(server, opened.close, workers, streams),
  };
}

async function closeApp(server: http.Server, closeStore: () => void | Promise<void>, workers: Worker[], streams: Worker): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await streams.stop(); // followers never hang up by themselves; in-flight calls still finish
  await closed;
  for (const w of [...workers].reverse()) await w.stop();
  await closeStore();
}
