// Talks to a running node's /collab the way real clients do: stock y-websocket clients in Node, raw
// `ws` sockets and upgrades, waits for sync and convergence, and the node's /metrics as numbers.
import * as decoding from 'lib0/decoding';
import { vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getItems, getJobDescriptionText } from '../../collab/index.ts';
import type { TestServer } from './server.ts';

// --- stock clients in Node ---------------------------------------------------------------------
// `ws` is the WebSocket y-websocket documents for Node; it implements everything WebsocketProvider
// uses, but its typings differ from the DOM's (binaryType 'nodebuffer', event shapes): one conversion.
type SocketClass = new (url: string, protocols?: string | string[]) => WebSocket;
const asBrowserSocket = (ctor: SocketClass): typeof globalThis.WebSocket => ctor as unknown as typeof globalThis.WebSocket;

/** What a browser does for us: send the session cookie with the upgrade. */
const withCookie = (cookie: string): SocketClass =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

/** How a client proves who it is: a collab token in the URL, or the session cookie. */
export type ClientAuth = { token: string } | { cookie: string };

/** A stock y-websocket provider for the resume's document, as the browser app opens it. */
export function openProvider(server: Pick<TestServer, 'wsUrl'>, resumeId: string, doc: Y.Doc, auth: ClientAuth): WebsocketProvider {
  return new WebsocketProvider(`${server.wsUrl}/collab`, resumeId, doc, {
    params: 'token' in auth ? { token: auth.token } : {},
    WebSocketPolyfill: asBrowserSocket('cookie' in auth ? withCookie(auth.cookie) : WebSocket),
    disableBc: true, // in one process, BroadcastChannel would sync clients past the server
  });
}

/** Resolves once the provider has finished its first sync with the server. */
export function synced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) return resolve();
    const on = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', on);
      resolve();
    };
    provider.on('sync', on);
  });
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  denied: string[];
  closes: Array<{ code: number; reason: string }>;
  synced(): Promise<void>;
  destroy(): void;
}

const clients = new Set<Client>();

/** A stock client on its own document that records permission-denied messages and closes. */
export function connect(server: Pick<TestServer, 'wsUrl'>, resumeId: string, auth: ClientAuth): Client {
  const doc = new Y.Doc();
  const provider = openProvider(server, resumeId, doc, auth);
  const client: Client = {
    doc,
    provider,
    denied: [],
    closes: [],
    synced: () => synced(provider),
    destroy() {
      clients.delete(client);
      provider.destroy();
      doc.destroy();
    },
  };
  provider.on('status', ({ status }) => {
    // Observe (never alter) the frames the stock client gets, to see permission-denied messages.
    if (status !== 'connected' || !provider.ws) return;
    provider.ws.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (!(data instanceof ArrayBuffer)) return;
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 2) return;
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => client.denied.push(reason));
    });
  });
  provider.on('connection-close', (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  clients.add(client);
  return client;
}

/** For `afterEach`: destroys every client from `connect` that a test left open. */
export function destroyClients(): void {
  for (const client of clients) client.destroy();
}

// --- waiting and comparing ---------------------------------------------------------------------

/** Retries the check every 10 ms until it passes, failing after `timeout` ms. */
export const until = (check: () => void | Promise<void>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 10 });

/** What a person sees of the document: the job description and the work items in order. */
export const view = (doc: Y.Doc) => ({
  jobDescription: getJobDescriptionText(doc).toString(),
  work: getItems(doc, 'work').map((item) => item.map.get('name')?.toString()),
});

// --- raw sockets ---------------------------------------------------------------------------------

/** Opens a raw upgrade and reports the HTTP answer; a completed handshake fails the test. */
export function upgradeAnswer(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', reject);
  });
}

export interface RawSocket {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

/** A plain `ws` client: it sends whatever bytes a test gives it. Rejects if the upgrade fails. */
export async function rawSocket(url: string, options: ClientOptions = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, options);
  ws.on('error', () => undefined); // a reset while the server refuses a frame is expected; `closed` reports the outcome
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return { ws, closed };
}

// --- metrics -----------------------------------------------------------------------------------

/** Every metric on the node's /metrics, each summed over its label sets. */
export async function metrics(server: Pick<TestServer, 'url'>): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    const name = /^([^\s{#]+)[ {]/.exec(line)?.[1];
    if (name) sums.set(name, (sums.get(name) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return sums;
}

/** One metric from /metrics, summed over its label sets; 0 when the node has not reported it. */
export async function metric(server: Pick<TestServer, 'url'>, name: string): Promise<number> {
  return (await metrics(server)).get(name) ?? 0;
}

/** One labelled series from /metrics, e.g. `series(server, 'analysis_runs_total', {outcome: 'unchanged'})`, summed over the rest. */
export async function series(server: Pick<TestServer, 'url'>, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (wanted.every((pair) => labelText.split(',').includes(pair))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
