// The composition root: config → store → bus → limits → auth → collab → HTTP. The only place
// that chooses between the embedded default and the distributed implementations.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import { openStore } from '../db/index.ts';
import type { Store } from '../db/types.ts';
import { authRoutes, sessionUser } from './auth/routes.ts';
import { AuthService } from './auth/service.ts';
import { InProcessBus, RedisBus, type Bus } from './bus/index.ts';
import { MemoryCache, RedisCache, type Cache } from './cache/index.ts';
import { AnalysisScheduler, DEFAULT_MAX_WAIT_MS, DEFAULT_QUIET_MS } from './analysis/scheduler.ts';
import { analysisRoutes } from './analysis/routes.ts';
import { createAnalyzerRunner } from './analysis/runner.ts';
import { AnalysisService } from './analysis/service.ts';
import { CollabService } from './collab/index.ts';
import { refuseUpgrade } from './collab/socket-connection.ts';
import { busMessageKind } from './collab/protocol.ts';
import type { Config } from './config.ts';
import { bodyError, errorBoundary, requestContext, type AppState } from './http/middleware.ts';
import { clientConfigRoutes } from './http/client-config.ts';
import { createEdge, edgeMiddleware, type Edge } from './http/edge.ts';
import { securityHeaders, securityHeadersMiddleware } from './http/security-headers.ts';
import { readYourWrites } from './http/read-your-writes.ts';
import { sanitizeInput } from './http/sanitize.ts';
import { createErrorReporter } from './error-reporting.ts';
import { clientApp } from './http/static.ts';
import { memoryRateLimits, redisRateLimits, type RateLimitFactory } from './limits/index.ts';
import { InProcessLocks, RedisLocks, type Locks } from './locks/index.ts';
import { redactUrl, type Logger } from './log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { opsRoutes, type ReadinessCheck } from './ops/routes.ts';
import { createRealtime } from './realtime/index.ts';
import { connectRedis, redisMajorVersion, type Redis } from './redis/index.ts';
import { exportRoutes } from './export/routes.ts';
import { publicLinkRoutes } from './export/public-routes.ts';
import { NotificationService } from './notifications/service.ts';
import { commentRoutes } from './coaching/comments-routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { dashboardRoutes } from './coaching/dashboard.ts';
import { EditedNotices } from './coaching/edited.ts';
import { MemoryPresenceStore, Presence, type PresenceStore } from './coaching/presence.ts';
import { RedisPresenceStore } from './coaching/presence-redis.ts';
import { UserNames } from './coaching/user-names.ts';
import { resumeRoutes } from './resumes/routes.ts';
import { sharingRoutes } from './resumes/sharing.ts';
import { versionRoutes } from './versions/routes.ts';
import { VersionService } from './versions/service.ts';

const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

export interface ResumeNode {
  readonly server: http.Server;
  readonly store: Store;
  readonly metrics: Metrics;
  /** Resolves with the bound port once listening. */
  listen(): Promise<number>;
  /** Draining shutdown: refuse new work, flush every edit, close sockets with 1012. */
  stop(): Promise<void>;
}

/** Seams with exactly two implementations each: embedded (one process) or Redis (a cluster). */
interface Seams {
  bus: Bus;
  cache: Cache;
  rateLimits: RateLimitFactory;
  locks: Locks;
  /** Who has which resume open, across the nodes. */
  presence: PresenceStore;
  checks: ReadinessCheck[];
  /** socket.io's cross-node adapter; socket.io's in-memory one when absent. */
  socketAdapter?: ServerOptions['adapter'];
  close(): Promise<void>;
}

function embeddedSeams(config: Config): Seams {
  const bus = new InProcessBus(config.nodeId);
  return {
    bus,
    cache: new MemoryCache(),
    rateLimits: memoryRateLimits,
    locks: new InProcessLocks(),
    presence: new MemoryPresenceStore(),
    checks: [],
    close: () => bus.close(),
  };
}

/** Five connections: commands and bus publishes (failing fast while Redis is down), the bus
 *  subscriber, and socket.io's own publisher and subscriber (queueing through an outage). */
async function redisSeams(url: string, config: Config, log: Logger, metrics: Metrics): Promise<Seams> {
  const clients: Redis[] = [];
  const connect = async (name: string, offlineQueue: boolean) => {
    const client = await connectRedis(url, `${config.nodeId}:${name}`, log, { offlineQueue });
    clients.push(client);
    return client;
  };
  const disconnectAll = () => {
    for (const client of clients) client.disconnect();
  };
  try {
    const commands = await connect('commands', false);
    const [busSubscriber, ioPublisher, ioSubscriber] = await Promise.all([
      connect('bus', true),
      connect('io-pub', true),
      connect('io-sub', true),
    ]);
    const bus = new RedisBus({ nodeId: config.nodeId, publisher: commands, subscriber: busSubscriber, log, metrics, kindOf: busMessageKind });
    // Sharded pub/sub (Redis 7) sends a room's events only to the nodes with sockets in it.
    const sharded = (await redisMajorVersion(commands)) >= 7;
    log.info({ sharded }, 'socket.io redis adapter');
    return {
      bus,
      cache: new RedisCache(commands),
      rateLimits: redisRateLimits(commands),
      locks: new RedisLocks(commands),
      presence: new RedisPresenceStore(commands, config.nodeId, log, config.awarenessTimeoutMs),
      checks: [
        {
          name: 'redis',
          check: async () => {
            await commands.ping();
          },
        },
      ],
      socketAdapter: sharded ? createShardedAdapter(ioPublisher, ioSubscriber) : createAdapter(ioPublisher, ioSubscriber),
      async close() {
        await bus.close();
        disconnectAll();
      },
    };
  } catch (err) {
    disconnectAll();
    throw err;
  }
}

export async function createNode(config: Config, log: Logger): Promise<ResumeNode> {
  const metrics = createMetrics(config.nodeId);
  const reporter = await createErrorReporter({ dsn: config.sentryDsn, nodeId: config.nodeId }, log);
  const seams = config.redisUrl ? await redisSeams(config.redisUrl, config, log, metrics) : embeddedSeams(config);
  const store = await openStore(
    { databaseUrl: config.databaseUrl, databaseReadUrl: config.databaseReadUrl, dataDir: config.dataDir },
    log,
  ).catch(async (err: unknown) => {
    await seams.close();
    throw err;
  });
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => store.db.ping() }, ...seams.checks];
  const auth = new AuthService(store, seams.rateLimits, config.quotas);
  // The analysis needs the collab service's documents and the collab service tells the scheduler
  // about edits: the scheduler is created first and handed the run once the service exists.
  let analyzeLater: (resumeId: string) => Promise<unknown> = async () => undefined;
  const scheduler = new AnalysisScheduler({
    quietMs: DEFAULT_QUIET_MS,
    maxWaitMs: DEFAULT_MAX_WAIT_MS,
    locks: seams.locks,
    run: (resumeId) => analyzeLater(resumeId),
    log,
    metrics,
  });
  // Presence and "last edit" are told over socket.io, which exists once the HTTP server does.
  const userNames = new UserNames(store);
  const presence = new Presence({ store: seams.presence, names: userNames, log });
  let tellEdited: (edits: ReadonlyArray<{ resumeId: string; editedBy: string }>) => void = () => undefined;
  // Automatic versions hear every edit too; their service needs socket.io, created below.
  let noteVersionEdit: (resumeId: string) => void = () => undefined;
  const collab = new CollabService({
    store,
    bus: seams.bus,
    log,
    metrics,
    limits: config.limits,
    nodeId: config.nodeId,
    authorize: (req, resumeId) => auth.authorizeUpgrade(req, resumeId),
    onChange: (resumeId) => {
      scheduler.noteEdit(resumeId);
      noteVersionEdit(resumeId);
    },
    onEdited: (edits) => tellEdited(edits),
    presence,
    presenceTimeoutMs: config.awarenessTimeoutMs,
  });

  // Koa's handler is composed once all middleware is in; socket.io must see the server's request
  // listener when it attaches (it serves /socket.io and passes everything else on).
  let handleRequest: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handleRequest(req, res));
  const edge = createEdge({ publicUrl: config.publicUrl, trustedProxies: config.trustedProxies });
  const headersFor = securityHeaders({ edge, sentryDsn: config.sentryDsn });
  const joins = seams.rateLimits({ name: 'socket-joins', points: config.quotas.joinsPerSecond, windowSeconds: 1 });
  const realtime = createRealtime({
    server,
    auth,
    store,
    log,
    adapter: seams.socketAdapter,
    sameOrigin: (req) => edge.sameOrigin(req),
    headers: headersFor,
    joins,
  });
  const notifications = new NotificationService({ store, realtime, log });
  const versions = new VersionService({ store, documents: collab, locks: seams.locks, realtime, log, autoIntervalMs: config.versionIntervalMs });
  noteVersionEdit = (resumeId) => versions.noteEdit(resumeId);
  const edited = new EditedNotices({ names: userNames, emit: (event) => realtime.toResume(event.resumeId, 'edited', event), log });
  tellEdited = (edits) => edited.note(edits);
  presence.start((resumeId, users) => realtime.toResume(resumeId, 'presence', { resumeId, users }));
  const runner = await createAnalyzerRunner({ threads: 1 });
  const analysis = new AnalysisService({
    store,
    cache: seams.cache,
    locks: seams.locks,
    rateLimits: seams.rateLimits,
    realtime,
    runner,
    documents: collab,
    llm: {
      apiKey: config.openai.apiKey,
      baseURL: config.openai.baseUrl,
      fullModel: config.openai.model,
      fastModel: config.openai.fastModel,
    },
    log,
    metrics,
  });
  analyzeLater = (resumeId) => analysis.analyzeResume(resumeId, 'auto', null);

  let draining = false;
  const app = new Koa<AppState>();
  app.silent = true; // errors are logged by errorBoundary with their request id
  // X-Forwarded-Proto is believed, but edgeMiddleware removes it unless a trusted proxy sent it.
  app.proxy = true;
  const secureCookies = config.publicUrl?.startsWith('https://') ?? false;
  app.use(requestContext(log, metrics));
  app.use(securityHeadersMiddleware(headersFor));
  app.use(errorBoundary((err, context) => reporter.capture(err, context)));
  app.use(edgeMiddleware(edge, { httpsOnly: secureCookies }));
  app.use(await clientApp(CLIENT_DIR));
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: config.limits.maxBodyBytes,
      encoding: 'utf-8',
      onError: (err) => {
        throw bodyError(err);
      },
    }),
  );
  app.use(sanitizeInput());
  app.use(sessionUser(auth));
  if (config.databaseReadUrl) app.use(readYourWrites(seams.cache));
  const routes: string[] = [];
  for (const router of [
    opsRoutes({ metrics, checks, draining: () => draining }),
    clientConfigRoutes({ sentryDsn: config.sentryDsn, nodeId: config.nodeId }),
    authRoutes(auth, secureCookies, async (sessionHash) => {
      realtime.closeSession(sessionHash);
      await collab.changeAccess({ kind: 'session-ended', sessionHash });
    }),
    resumeRoutes({
      store,
      auth,
      collab,
      publicUrl: config.publicUrl,
      createQuota: seams.rateLimits({ name: 'resumes', points: config.quotas.resumesPerHour, windowSeconds: 3600 }),
    }),
    sharingRoutes({ store, collab, realtime, notifier: notifications, publicUrl: config.publicUrl, rateLimits: seams.rateLimits }),
    exportRoutes({ store, collab, pdfQuota: seams.rateLimits({ name: 'pdf-exports', points: config.quotas.pdfExportsPerMinute, windowSeconds: 60 }) }),
    publicLinkRoutes({ store, collab, rateLimits: seams.rateLimits, publicUrl: config.publicUrl }),
    analysisRoutes({ store, analysis }),
    // An accept-all of suggestions first keeps the content it changes as a version.
    commentRoutes({ store, collab, realtime, notifications, beforeAcceptAll: (resumeId, userId) => versions.beforeAcceptAll(resumeId, userId) }),
    versionRoutes({ store, versions, saveQuota: seams.rateLimits({ name: 'versions', points: config.quotas.versionsPerHour, windowSeconds: 3600 }) }),
    dashboardRoutes({ store, presence }),
    notificationRoutes({ store, realtime }),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
    for (const layer of router.stack) for (const method of layer.methods) if (method !== 'HEAD') routes.push(`${method} ${String(layer.path)}`);
  }
  // Every route, for operators and for the bad-input test that must cover new routes too.
  log.debug({ routes }, 'routes');
  const koa = app.callback();
  handleRequest = (req, res) => {
    void koa(req, res); // Koa answers its own errors (errorBoundary); the promise never rejects
  };
  routeUpgrades(server, edge, log, (req, socket, head) => collab.handleUpgrade(req, socket, head));
  server.on('clientError', (err, socket) => {
    log.debug({ err }, 'client error');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  const sweeper = setInterval(() => {
    store.sessions.deleteExpired().catch((err: unknown) => log.warn({ err }, 'session sweep failed'));
  }, 3600_000);
  sweeper.unref();

  return {
    server,
    store,
    metrics,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    async stop() {
      draining = true;
      clearInterval(sweeper);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([collab.drain(), scheduler.stop(), versions.stop()]);
      edited.close();
      await presence.close();
      await realtime.close();
      server.closeIdleConnections();
      await closed;
      await runner.close();
      await seams.close();
      await store.db.close();
      await reporter.close(2000);
    },
  };
}

type UpgradeListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/** One listener for every websocket upgrade: a page of another origin is refused with 403 before
 *  /collab or engine.io (whose own refusal says 400) sees it; other paths get 404. */
function routeUpgrades(server: http.Server, edge: Edge, log: Logger, collab: UpgradeListener): void {
  const engine = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    const isCollab = pathname.startsWith('/collab/');
    if (!isCollab && !pathname.startsWith('/socket.io/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!edge.sameOrigin(req)) {
      log.info({ path: redactUrl(req.url), origin: req.headers.origin }, 'websocket refused: another origin');
      socket.on('error', () => undefined);
      refuseUpgrade(socket, 403, 'requests from another site are refused');
      return;
    }
    if (isCollab) collab(req, socket, head);
    else for (const listener of engine) listener(req, socket, head);
  });
}
