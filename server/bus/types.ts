// The cross-node bus seam: how a node hears document traffic for a resume from the other nodes.
// Two implementations: in-process (embedded default) and Redis pub/sub (scale-out).

export type Unsubscribe = () => Promise<void>;

export interface Bus {
  /** Delivers every message published on `channel` by OTHER nodes; never this node's own. */
  subscribe(channel: string, onMessage: (message: Uint8Array) => void): Promise<Unsubscribe>;
  /** At-most-once delivery: sync heals what is lost. */
  publish(channel: string, message: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
