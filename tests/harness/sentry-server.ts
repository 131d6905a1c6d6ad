// A Sentry-compatible ingestion endpoint on loopback: it takes what the SDKs (Node's and the
// browser's, cross-origin) post to /api/<project>/envelope/ (newline-delimited JSON, gzipped when
// large), keeps every item, and lets a test await an event. DSN: http://<key>@127.0.0.1:<port>/<project>.
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface SentryEnvelopeItem {
  type: string;
  payload: unknown;
  /** The item as received, to check that some text never left. */
  raw: string;
}

export interface SentryServer {
  readonly dsn: string;
  /** Every request received, envelopes or not. */
  readonly requests: number;
  readonly items: SentryEnvelopeItem[];
  /** Resolves with the first `event` item (already received or still to come) that passes
   *  `match`; rejects when none has come within `timeoutMs`. */
  event(match?: (event: SentryEvent) => boolean, timeoutMs?: number): Promise<SentryEvent & { raw: string }>;
  close(): Promise<void>;
}

/** The fields of a Sentry error event the tests look at. */
export interface SentryEvent {
  tags?: Record<string, string>;
  user?: { id?: string };
  server_name?: string;
  request?: unknown;
  exception?: { values?: Array<{ type?: string; value?: string }> };
}

export async function startSentryServer(): Promise<SentryServer> {
  const items: SentryEnvelopeItem[] = [];
  const waiters = new Set<() => void>();
  let requests = 0;

  const server = http.createServer((req, res) => {
    requests += 1;
    // Browsers post from the app's origin, as to sentry.io, which allows any.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (/^\/api\/[^/]+\/envelope\/?$/.test((req.url ?? '').split('?')[0] ?? '')) {
        // Envelope: a header line, then per item a header line and a payload line.
        const lines = body.toString('utf8').split('\n');
        for (let i = 1; i + 1 < lines.length; i += 2) {
          const header = JSON.parse(lines[i] ?? '{}') as { type?: string };
          const raw = lines[i + 1] ?? '';
          let payload: unknown = raw;
          try {
            payload = JSON.parse(raw);
          } catch {
            // binary attachment: keep it raw
          }
          items.push({ type: header.type ?? 'unknown', payload, raw });
        }
        for (const wake of waiters) wake();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const find = (match: (event: SentryEvent) => boolean) =>
    items.find((item) => item.type === 'event' && match(item.payload as SentryEvent));

  return {
    dsn: `http://public0key@127.0.0.1:${port}/1`,
    get requests() {
      return requests;
    },
    items,
    event(match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching Sentry event within ${timeoutMs} ms (${items.length} items received)`));
        }, timeoutMs);
        function check(): void {
          const found = find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve({ ...(found.payload as SentryEvent), raw: found.raw });
        }
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
