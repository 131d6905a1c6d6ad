// One Hocuspocus 3.4.4 node with its Redis extension, for the scale-out benchmark (bench/cluster.ts)
// only: PORT, REDIS_URL and NODE_ID from the environment, no persistence, no auth. GET /stats
// answers what bench/cluster.ts cannot see from outside: updates applied and Redis publishes by kind.
import { Server, type onChangePayload, type onRequestPayload } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
import * as decoding from 'lib0/decoding';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const port = Number(process.env.PORT);
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const nodeId = process.env.NODE_ID ?? `hocuspocus-${port}`;
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be a port number');

const redis = new Redis({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379), identifier: nodeId });
/** The extension's transaction origin for what arrives over Redis (Redis.redisTransactionOrigin). */
const REDIS_ORIGIN = redis.redisTransactionOrigin;

// Event-loop delay since the previous /stats, as our node's prom-client reports it (10 ms resolution).
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const stats = {
  updates: { connection: 0, redis: 0 },
  /** Publishes by what they carry, counted as the extension hands them to ioredis. */
  publishes: {} as Record<string, number>,
  publishBytes: 0,
};

// Hocuspocus' Redis envelope: [identifier length, identifier], then its own framing: the document
// name, the message type (0 sync, 1 awareness, 3 query awareness, 4 sync reply) and for sync the step.
const SYNC_STEPS = ['step1', 'step2', 'update'];
function publishKind(message: Buffer): string {
  try {
    const decoder = decoding.createDecoder(message.subarray(1 + (message[0] ?? 0)));
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === 0 || type === 4) return `${type === 4 ? 'sync-reply' : 'sync'}-${SYNC_STEPS[decoding.readVarUint(decoder)] ?? '?'}`;
    return ({ 1: 'awareness', 3: 'query-awareness' } as Record<number, string>)[type] ?? `type-${type}`;
  } catch {
    return 'unreadable';
  }
}

const publish = redis.pub.publish.bind(redis.pub) as (channel: string, message: Buffer) => Promise<number>;
redis.pub.publish = ((channel: string, message: Buffer) => {
  const kind = publishKind(message);
  stats.publishes[kind] = (stats.publishes[kind] ?? 0) + 1;
  stats.publishBytes += message.length;
  return publish(channel, message);
}) as typeof redis.pub.publish;

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: [redis],
  async onChange({ transactionOrigin }: onChangePayload) {
    if ((transactionOrigin as unknown) === REDIS_ORIGIN) stats.updates.redis += 1;
    else stats.updates.connection += 1;
  },
  async onRequest({ request, response, instance }: onRequestPayload) {
    if (request.url !== '/stats') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    const eventLoopDelayP99Ms = loopDelay.percentile(99) / 1e6;
    loopDelay.reset();
    response.end(JSON.stringify({ ...stats, eventLoopDelayP99Ms, connections: instance.getConnectionsCount(), documents: instance.getDocumentsCount() }));
    // Hocuspocus' way of saying "answered": reject with nothing, so its default reply is skipped.
    throw null;
  },
});

await server.listen();
process.stdout.write(`${JSON.stringify({ msg: 'listening', node: nodeId, port })}\n`);
