// The scale-out bus: Redis pub/sub, one channel per resume this node holds. Each message carries
// the sender's node id (so a node ignores its own) and the send time (propagation latency).
// After a reconnect the channels are subscribed again and every subscriber is told to heal.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Redis } from '../redis/index.ts';
import type { Bus, BusSubscriber, Unsubscribe } from './types.ts';

/** Bumped when the envelope changes, so mixed versions during a rolling deploy ignore each other. */
const ENVELOPE_VERSION = 1;

export interface RedisBusDeps {
  nodeId: string;
  /** Publishes; fails fast while Redis is down (no offline queue). */
  publisher: Redis;
  /** In subscriber mode; its own connection. */
  subscriber: Redis;
  log: Logger;
  metrics: Metrics;
  /** Labels bus traffic by what it carries, for the metrics (the bus itself never reads payloads). */
  kindOf?: (message: Uint8Array) => string;
}

export class RedisBus implements Bus {
  private readonly channels = new Map<string, Set<BusSubscriber>>();
  private readonly log: Logger;
  private closed = false;

  constructor(private readonly deps: RedisBusDeps) {
    this.log = deps.log.child({ component: 'bus' });
    deps.subscriber.on('messageBuffer', this.onMessage);
    // Both connections were ready before this bus existed: every later 'ready' is a reconnect.
    deps.subscriber.on('ready', this.onSubscriberReady);
    deps.publisher.on('ready', this.onPublisherReady);
  }

  async subscribe(channel: string, subscriber: BusSubscriber): Promise<Unsubscribe> {
    let set = this.channels.get(channel);
    if (!set) {
      this.channels.set(channel, (set = new Set()));
      const subscribed = this.deps.subscriber.subscribe(channel);
      // While Redis is down the command waits in the offline queue and runs on reconnect, where
      // onSubscriberReady subscribes every channel anyway: loading a resume must not wait for Redis.
      if (this.deps.subscriber.status === 'ready') await subscribed;
      else subscribed.catch((err: unknown) => this.log.debug({ err, channel }, 'subscribe deferred to reconnect'));
    }
    set.add(subscriber);
    return async () => {
      const current = this.channels.get(channel);
      if (!current?.delete(subscriber) || current.size > 0) return;
      this.channels.delete(channel);
      await this.deps.subscriber.unsubscribe(channel).catch((err: unknown) => this.log.debug({ err, channel }, 'unsubscribe failed'));
    };
  }

  async publish(channel: string, message: Uint8Array): Promise<number> {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, ENVELOPE_VERSION);
    encoding.writeVarString(encoder, this.deps.nodeId);
    encoding.writeFloat64(encoder, Date.now());
    encoding.writeUint8Array(encoder, message);
    const bytes = encoding.toUint8Array(encoder);
    const receivers = await this.deps.publisher.publish(channel, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.count('out', message, bytes.length);
    // Our own subscription counts as a receiver when we hold the channel.
    return Math.max(0, receivers - (this.channels.has(channel) ? 1 : 0));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.deps.subscriber.off('messageBuffer', this.onMessage);
    this.deps.subscriber.off('ready', this.onSubscriberReady);
    this.deps.publisher.off('ready', this.onPublisherReady);
    const channels = Array.from(this.channels.keys());
    this.channels.clear();
    if (channels.length > 0 && this.deps.subscriber.status === 'ready') {
      await this.deps.subscriber.unsubscribe(...channels).catch((err: unknown) => this.log.debug({ err }, 'unsubscribe at close failed'));
    }
  }

  private readonly onMessage = (rawChannel: Buffer, raw: Buffer): void => {
    const subscribers = this.channels.get(rawChannel.toString());
    if (!subscribers) return;
    let payload: Uint8Array;
    try {
      const decoder = decoding.createDecoder(raw);
      if (decoding.readVarUint(decoder) !== ENVELOPE_VERSION) return;
      if (decoding.readVarString(decoder) === this.deps.nodeId) return;
      const sentAt = decoding.readFloat64(decoder);
      payload = raw.subarray(decoder.pos);
      this.deps.metrics.propagation.observe(Math.max(0, Date.now() - sentAt) / 1000);
    } catch (err) {
      this.log.warn({ err }, 'dropped an unreadable bus envelope');
      return;
    }
    this.count('in', payload, raw.length);
    for (const subscriber of subscribers) subscriber.message(payload);
  };

  private readonly onSubscriberReady = (): void => {
    const channels = Array.from(this.channels.keys());
    if (channels.length === 0 || this.closed) return;
    this.deps.subscriber.subscribe(...channels).then(
      () => this.healAll('subscriber'),
      (err: unknown) => this.log.warn({ err }, 'resubscribing after a reconnect failed'),
    );
  };

  private readonly onPublisherReady = (): void => this.healAll('publisher');

  private healAll(connection: string): void {
    if (this.closed) return;
    this.log.info({ connection, channels: this.channels.size }, 'bus reconnected; healing every shared resume');
    for (const subscribers of this.channels.values()) for (const subscriber of subscribers) subscriber.reconnected();
  }

  private count(direction: 'in' | 'out', message: Uint8Array, bytes: number): void {
    this.deps.metrics.busMessages.inc({ direction, kind: this.deps.kindOf?.(message) ?? 'message' });
    this.deps.metrics.busBytes.inc({ direction }, bytes);
  }
}
