// socket.io clients for tests: a signed-in socket (cookie on the handshake), joins with their
// acks, and waiting for one event that matches.
import { io as connectSocketIo, type Socket } from 'socket.io-client';
import type { TestServer } from './server.ts';

const open: Socket[] = [];

export function socketFor(server: Pick<TestServer, 'url'>, cookie: string): Promise<Socket> {
  const socket = connectSocketIo(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export type JoinAnswer = { ok: true; role: string } | { ok: false; error: { code: string; message: string } };

export const joinRoom = (socket: Socket, resumeId: string) => socket.emitWithAck('join', resumeId) as Promise<JoinAnswer>;

/** The next `event` whose payload passes `match`. */
export function nextEvent<T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const handler = (payload: T) => {
      if (!match(payload)) return;
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

export function closeSockets(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}
