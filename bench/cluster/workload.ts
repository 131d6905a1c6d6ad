// People typing, for the scale-out benchmark: clients (stock y-websocket, or @hocuspocus/provider
// where the stock client cannot speak the server's framing) that each type into their resume's job
// description, and the latency of every keystroke to every other client of that resume, split by
// whether sender and receiver sit on the same node.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openProvider, synced } from '../../tests/harness/collab.ts';
import { sleep } from './processes.ts';

export type ClientKind = 'y-websocket' | 'hocuspocus-provider';

export interface Seat {
  resumeId: string;
  /** The ws:// base the client connects to: a node, or nginx. */
  wsUrl: string;
  /** Index of the node it connects to directly; null behind nginx (nginx chooses). */
  node: number | null;
  /** Session cookie (our server); Hocuspocus runs without auth. */
  cookie?: string;
}

export interface TypingClient {
  readonly doc: Y.Doc;
  readonly seat: Seat;
  synced(): Promise<void>;
  destroy(): void;
}

export function openClient(kind: ClientKind, seat: Seat): TypingClient {
  const doc = new Y.Doc();
  if (kind === 'y-websocket') {
    const provider = openProvider({ wsUrl: seat.wsUrl }, seat.resumeId, doc, { cookie: seat.cookie ?? '' });
    return {
      doc,
      seat,
      synced: () => synced(provider),
      destroy() {
        provider.destroy();
        doc.destroy();
      },
    };
  }
  // One socket per client, like the stock clients (the Hocuspocus provider could multiplex).
  // The path is what nginx pins on; Hocuspocus reads the document name from each message.
  const socket = new HocuspocusProviderWebsocket({ url: `${seat.wsUrl}/collab/${seat.resumeId}`, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: seat.resumeId, document: doc });
  provider.attach(); // a provider given its socket does not attach by itself
  return {
    doc,
    seat,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        const on = ({ state }: { state: boolean }) => {
          if (!state) return;
          provider.off('synced', on);
          resolve();
        };
        provider.on('synced', on);
      }),
    destroy() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when every client has synced; rejects after `timeoutMs` saying which had not. */
export async function allSynced(clients: readonly TypingClient[], timeoutMs: number): Promise<void> {
  const pending = new Set(clients);
  let timer: NodeJS.Timeout | undefined;
  const all = Promise.all(clients.map((c) => c.synced().then(() => pending.delete(c))));
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const where = Array.from(pending, (c) => `${c.seat.resumeId.slice(0, 8)}@${c.seat.node ?? 'nginx'}`).join(' ');
      reject(new Error(`${pending.size} of ${clients.length} clients not synced within ${timeoutMs / 1000} s (resume@node: ${where})`));
    }, timeoutMs);
  });
  try {
    await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Deliveries {
  /** Keystrokes typed while recording. */
  edits: number;
  /** How many deliveries those keystrokes owe: each to every other client of its resume. */
  expected: number;
  all: number[];
  /** Sender and receiver connected directly to different nodes. */
  crossNode: number[];
  sameNode: number[];
}

/** Types `rate` characters a second on every client, each at a random place in the job description,
 *  and records the time from each keystroke typed while recording to each other client applying it. */
export class TypingRun {
  private readonly sentAt = new Map<string, { at: number; node: number | null }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private recording = false;
  private readonly result: Deliveries = { edits: 0, expected: 0, all: [], crossNode: [], sameNode: [] };
  private readonly peers = new Map<string, number>();

  constructor(
    private readonly clients: readonly TypingClient[],
    private readonly rate: number,
  ) {
    for (const c of clients) this.peers.set(c.seat.resumeId, (this.peers.get(c.seat.resumeId) ?? 0) + 1);
    for (const client of clients) client.doc.on('update', (update: Uint8Array, origin: unknown) => this.received(client, update, origin));
  }

  /** Starts typing; with `record`, every keystroke from now on is measured. */
  start(opts: { record: boolean }): void {
    this.recording = opts.record;
    this.clients.forEach((client, i) => {
      const letter = String.fromCharCode(97 + (i % 26));
      const text = client.doc.getText('jobDescription');
      // Spread the clients' first keystrokes over one period, so they do not type in lockstep.
      this.timers.push(
        setTimeout(() => {
          this.timers.push(setInterval(() => this.type(client, text, letter), 1000 / this.rate));
        }, Math.random() * (1000 / this.rate)),
      );
    });
  }

  /** Stops typing; deliveries of keystrokes already typed keep being recorded. */
  stop(): void {
    for (const timer of this.timers.splice(0)) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    this.recording = false;
  }

  /** Waits until every recorded keystroke has reached every peer, or `maxMs` passed. */
  async drain(maxMs: number): Promise<Deliveries> {
    const deadline = Date.now() + maxMs;
    while (this.result.all.length < this.result.expected && Date.now() < deadline) await sleep(50);
    return this.result;
  }

  private type(client: TypingClient, text: Y.Text, letter: string): void {
    const { doc } = client;
    if (this.recording) {
      this.sentAt.set(`${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`, { at: performance.now(), node: client.seat.node });
      this.result.edits += 1;
      this.result.expected += (this.peers.get(client.seat.resumeId) ?? 1) - 1;
    }
    text.insert(Math.floor(Math.random() * (text.length + 1)), letter);
  }

  private received(client: TypingClient, update: Uint8Array, origin: unknown): void {
    if (origin === null || origin === undefined) return; // our own keystroke (local transactions have no origin)
    const now = performance.now();
    // The event's update holds only what was new to this document; a struct may span several
    // keystrokes of one sender (adjacent inserts merge), so every clock in it counts.
    for (const struct of Y.decodeUpdate(update).structs) {
      for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) {
        const sent = this.sentAt.get(`${struct.id.client}:${clock}`);
        if (!sent) continue;
        const latency = now - sent.at;
        this.result.all.push(latency);
        if (sent.node !== null && client.seat.node !== null) (sent.node === client.seat.node ? this.result.sameNode : this.result.crossNode).push(latency);
      }
    }
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
