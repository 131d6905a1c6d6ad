// A small OpenAI-compatible HTTP server on loopback for tests of the LLM layer: POST
// /v1/chat/completions answers from a script of replies (a JSON answer, an HTTP error, a reply
// that never comes, a body that is not JSON) and records every request it received.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  /** A chat completion whose message content is `content` (a string: sent as is, so it may be invalid JSON). */
  | { readonly kind: 'answer'; readonly content: string; readonly model?: string; readonly usage?: { prompt: number; completion: number } }
  /** An HTTP error, with headers such as `retry-after-ms`. */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string> }
  /** Headers never come: the client must time out. */
  | { readonly kind: 'hang' }
  /** A 200 whose body is not JSON at all. */
  | { readonly kind: 'garbage' };

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly raw: string;
  readonly body: unknown;
}

export interface FakeOpenAI {
  /** The `baseURL` to give the SDK (`http://127.0.0.1:PORT/v1`). */
  readonly baseURL: string;
  readonly requests: ReceivedRequest[];
  /** Replies for the next requests, in order; after them `otherwise` (default: a 500). */
  script(...replies: ScriptedReply[]): void;
  otherwise(reply: ScriptedReply): void;
  /** Resolves with the oldest request not yet taken, waiting for one if none is there. */
  nextRequest(): Promise<ReceivedRequest>;
  /** Forgets requests received and replies scripted; `otherwise` goes back to a 500. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = { kind: 'status', status: 500 };
  const requests: ReceivedRequest[] = [];
  const unread: ReceivedRequest[] = [];
  const waiters: Array<(request: ReceivedRequest) => void> = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const request: ReceivedRequest = { path: req.url ?? '', headers: req.headers, raw, body };
      requests.push(request);
      const waiter = waiters.shift();
      if (waiter) waiter(request);
      else unread.push(request);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      respond(res, queue.shift() ?? fallback, body);
    });
  });

  function respond(res: ServerResponse, reply: ScriptedReply, body: unknown): void {
    switch (reply.kind) {
      case 'answer': {
        const model = reply.model ?? modelOf(body);
        const usage = reply.usage ?? { prompt: 100, completion: 50 };
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 1_700_000_000,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, finish_reason: 'stop', logprobs: null }],
            usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
          }),
        );
        return;
      }
      case 'status':
        res
          .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
          .end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'scripted' } }));
        return;
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => void queue.push(...replies),
    otherwise: (reply) => {
      fallback = reply;
    },
    nextRequest: () => {
      const pending = unread.shift();
      return pending ? Promise.resolve(pending) : new Promise((resolve) => waiters.push(resolve));
    },
    reset: () => {
      requests.length = 0;
      unread.length = 0;
      queue.length = 0;
      fallback = { kind: 'status', status: 500 };
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function modelOf(body: unknown): string {
  return typeof body === 'object' && body !== null && 'model' in body && typeof body.model === 'string' ? body.model : 'unknown';
}
