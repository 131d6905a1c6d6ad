// The embedded bus: nodes that share one process (one by default, several in tests) hear each
// other through a hub; a node never hears itself.
import type { Bus, BusSubscriber, Unsubscribe } from './types.ts';

type Listener = { nodeId: string; subscriber: BusSubscriber };

export class InProcessHub {
  private readonly channels = new Map<string, Set<Listener>>();

  add(channel: string, listener: Listener): void {
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(listener);
  }

  remove(channel: string, listener: Listener): void {
    const set = this.channels.get(channel);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.channels.delete(channel);
  }

  /** How many listeners of other nodes the channel has now. */
  others(channel: string, fromNode: string): number {
    let n = 0;
    for (const listener of this.channels.get(channel) ?? []) if (listener.nodeId !== fromNode) n += 1;
    return n;
  }

  deliver(channel: string, fromNode: string, message: Uint8Array): void {
    for (const listener of this.channels.get(channel) ?? []) {
      if (listener.nodeId !== fromNode) listener.subscriber.message(message);
    }
  }
}

const defaultHub = new InProcessHub();

export class InProcessBus implements Bus {
  private readonly subscriptions = new Set<{ channel: string; listener: Listener }>();

  constructor(
    private readonly nodeId: string,
    private readonly hub: InProcessHub = defaultHub,
  ) {}

  async subscribe(channel: string, subscriber: BusSubscriber): Promise<Unsubscribe> {
    const entry = { channel, listener: { nodeId: this.nodeId, subscriber } };
    this.hub.add(channel, entry.listener);
    this.subscriptions.add(entry);
    return async () => {
      this.hub.remove(channel, entry.listener);
      this.subscriptions.delete(entry);
    };
  }

  async publish(channel: string, message: Uint8Array): Promise<number> {
    // Delivered on a later tick, as a network bus would, so no caller relies on re-entrancy.
    queueMicrotask(() => this.hub.deliver(channel, this.nodeId, message));
    return this.hub.others(channel, this.nodeId);
  }

  async close(): Promise<void> {
    for (const { channel, listener } of this.subscriptions) this.hub.remove(channel, listener);
    this.subscriptions.clear();
  }
}
