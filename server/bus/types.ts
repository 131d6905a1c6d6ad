// The cross-node bus seam: how a node hears document traffic for a resume from the other nodes.
// Two implementations: in-process (embedded default) and Redis pub/sub (scale-out).

export type Unsubscribe = () => Promise<void>;

/** What a channel's listener hears. */
export interface BusSubscriber {
  /** A message another node published on the channel; never this node's own. */
  message(message: Uint8Array): void;
  /** The bus came back after an outage: whatever was published meanwhile is lost, so heal now. */
  reconnected(): void;
}

export interface Bus {
  /** Resolves once the subscription is in effect (or, while the bus is down, will be on reconnect). */
  subscribe(channel: string, subscriber: BusSubscriber): Promise<Unsubscribe>;
  /** At-most-once delivery: sync heals what is lost. Resolves with how many other nodes listen on
   *  the channel (0 when none, or when the bus cannot tell). Rejects while the bus is down. */
  publish(channel: string, message: Uint8Array): Promise<number>;
  close(): Promise<void>;
}
