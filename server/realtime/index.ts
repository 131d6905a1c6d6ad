// The socket.io gateway for application events (never document bytes): a signed-in client joins
// `resume:<id>` rooms of resumes it is a member of and hears `analysis` and the other events the
// server raises there. Cookie auth on the handshake; every client message is validated.
import type http from 'node:http';
import { parseCookie } from 'cookie';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Store } from '../../db/types.ts';
import { SESSION_COOKIE, type AuthService } from '../auth/service.ts';
import { hashToken, looksLikeToken } from '../auth/tokens.ts';
import type { RateLimit } from '../limits/index.ts';
import type { Logger } from '../log.ts';

/** Events the server raises, with their payloads. */
export interface ServerEvents {
  analysis: (payload: { resumeId: string; analysis: unknown }) => void;
  'analysis:status': (payload: { resumeId: string; state: 'running' | 'failed'; message?: string }) => void;
  /** A comment thread changed (created, replied to, edited, resolved, reopened, deleted). */
  comment: (payload: { resumeId: string; action: string; comment: unknown }) => void;
  /** A suggestion was proposed, accepted or rejected. */
  suggestion: (payload: { resumeId: string; action: string; suggestion: unknown }) => void;
  /** Who has the resume open now, across every node. */
  presence: (payload: { resumeId: string; users: Array<{ id: string; username: string }> }) => void;
  /** Members or roles changed (to the resume's room), or my own access did (to my user room). */
  membership: (payload: { resumeId: string; userId: string; role: string | null }) => void;
  /** A version was saved or restored. */
  version: (payload: { resumeId: string; action: string; version: unknown }) => void;
  /** Someone edited the resume (last edit and by whom, for dashboards). */
  edited: (payload: { resumeId: string; by: { id: string; username: string } | null; at: string }) => void;
  /** Sent to one user's room only. */
  notification: (payload: { notification: unknown; unread: number }) => void;
  /** Some (ids) or all (null) of my notifications were marked read, in any of my tabs. */
  'notification:read': (payload: { ids: string[] | null; unread: number }) => void;
}

type JoinAck = (answer: { ok: true; role: string } | Refusal) => void;
type WatchAck = (answer: { ok: true; resumeIds: string[] } | Refusal) => void;

interface ClientEvents {
  join: (resumeId: unknown, ack?: JoinAck) => void;
  leave: (resumeId: unknown) => void;
  /** Joins the room of every resume shared with me at once (the coach dashboard). */
  watch: (ack?: WatchAck) => void;
  /** Leaves the rooms `watch` joined. */
  unwatch: () => void;
}

interface SocketData {
  userId: string;
  /** The session whose cookie opened it: logout disconnects it. */
  sessionHash: string;
  /** The rooms `watch` joined, and those joined one by one (which `unwatch` keeps). */
  watched?: string[];
  joined?: Set<string>;
}

export interface Realtime {
  /** Sends an event to everyone in the resume's room, on every node (through the adapter). */
  toResume<E extends keyof ServerEvents>(resumeId: string, event: E, ...payload: Parameters<ServerEvents[E]>): void;
  /** Sends an event to every socket of one user, on every node. */
  toUser<E extends keyof ServerEvents>(userId: string, event: E, ...payload: Parameters<ServerEvents[E]>): void;
  /** Takes a user's sockets out of a resume's room (their access was removed). */
  removeUser(resumeId: string, userId: string): void;
  /** Disconnects every socket a session opened, on every node (logout). */
  closeSession(sessionHash: string): void;
  close(): Promise<void>;
}

export const resumeRoom = (resumeId: string): string => `resume:${resumeId}`;
const userRoom = (userId: string): string => `user:${userId}`;
const sessionRoom = (sessionHash: string): string => `session:${sessionHash}`;
const resumeIdArg = z.string().uuid();

/** Client frames are small: joins and leaves. */
const MAX_FRAME_BYTES = 16 * 1024;

export interface RealtimeDeps {
  server: http.Server;
  auth: AuthService;
  store: Store;
  log: Logger;
  /** The cross-node adapter (Redis) when the node is part of a cluster; in memory otherwise. */
  adapter?: ServerOptions['adapter'];
  /** Handshakes (new sessions) only from the app's own origin; others get engine.io's 403. */
  sameOrigin?: (req: http.IncomingMessage) => boolean;
  /** Headers for engine.io's own HTTP answers (polling), as every other response has. */
  headers?: (req: http.IncomingMessage) => Record<string, string>;
  /** Joins (join and watch) per person per second, counted in the shared limiter. */
  joins?: RateLimit;
}

type Refusal = { ok: false; error: { code: string; message: string; retryAfterSeconds?: number } };

/** Null when the person may join now; else the answer that says how long to wait. */
async function joinRefused(joins: RateLimit | undefined, userId: string): Promise<Refusal | null> {
  const spent = joins ? await joins.consume(userId) : { allowed: true as const };
  if (spent.allowed) return null;
  const wait = spent.retryAfterSeconds;
  return { ok: false, error: { code: 'rate_limited', message: `too many joins; try again in ${wait} s`, retryAfterSeconds: wait } };
}

export function createRealtime(deps: RealtimeDeps): Realtime {
  const log = deps.log.child({ component: 'realtime' });
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(deps.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // Same origin only: the app is served by the same host; no CORS headers are sent.
    cors: undefined,
    // Other paths' upgrades (/collab) belong to other listeners, which may take a while to answer.
    destroyUpgrade: false,
    allowRequest: (req, callback) => {
      const allowed = deps.sameOrigin?.(req) ?? true;
      if (!allowed) log.info({ origin: req.headers.origin }, 'socket.io handshake refused: another origin');
      callback(allowed ? null : 'requests from another site are refused', allowed);
    },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  const headers = deps.headers;
  if (headers) {
    io.engine.on('initial_headers', (out: Record<string, string>, req: http.IncomingMessage) => Object.assign(out, headers(req)));
    io.engine.on('headers', (out: Record<string, string>, req: http.IncomingMessage) => Object.assign(out, headers(req)));
  }

  io.use((socket, next) => {
    const header = socket.request.headers.cookie;
    const sid = header ? parseCookie(header)[SESSION_COOKIE] : undefined;
    deps.auth
      .userForSession(sid)
      .then((user) => {
        if (!user || !looksLikeToken(sid)) return next(new Error('sign in first'));
        socket.data.userId = user.id;
        socket.data.sessionHash = hashToken(sid);
        return next();
      })
      .catch((err: unknown) => {
        log.error({ err }, 'socket.io handshake failed');
        next(new Error('internal error'));
      });
  });

  io.on('connection', (socket: Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>) => {
    const userId = socket.data.userId;
    void socket.join([userRoom(userId), sessionRoom(socket.data.sessionHash)]);
    socket.on('join', (raw, ack) => {
      const reply: JoinAck = typeof ack === 'function' ? ack : () => undefined;
      const parsed = resumeIdArg.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: { code: 'invalid_request', message: 'a resume id is required' } });
      const resumeId = parsed.data;
      joinRefused(deps.joins, userId)
        .then(async (refused) => (refused ? refused : deps.store.resumes.roleOf(resumeId, userId)))
        .then(async (role) => {
          if (typeof role === 'object' && role !== null) return reply(role);
          if (!role) return reply({ ok: false, error: { code: 'not_found', message: 'no such resume' } });
          await socket.join(resumeRoom(resumeId));
          (socket.data.joined ??= new Set()).add(resumeRoom(resumeId));
          return reply({ ok: true, role });
        })
        .catch((err: unknown) => {
          log.error({ err, resume: resumeId, user: userId }, 'socket.io join failed');
          reply({ ok: false, error: { code: 'internal', message: 'could not join, try again' } });
        });
    });
    socket.on('leave', (raw) => {
      const parsed = resumeIdArg.safeParse(raw);
      if (!parsed.success) return;
      socket.data.joined?.delete(resumeRoom(parsed.data));
      if (!socket.data.watched?.includes(resumeRoom(parsed.data))) void socket.leave(resumeRoom(parsed.data));
    });
    // One message instead of a join per resume: the memberships are read once, so only resumes
    // shared with this person are joined (a later revocation takes the socket out like any join).
    socket.on('watch', (ack) => {
      const reply: WatchAck = typeof ack === 'function' ? ack : () => undefined;
      joinRefused(deps.joins, userId)
        .then(async (refused) => (refused ? refused : deps.store.dashboard.sharedIds(userId)))
        .then(async (resumeIds) => {
          if (!Array.isArray(resumeIds)) return reply(resumeIds);
          const rooms = resumeIds.map(resumeRoom);
          for (const room of socket.data.watched ?? []) if (!rooms.includes(room) && !socket.data.joined?.has(room)) void socket.leave(room);
          socket.data.watched = rooms;
          await socket.join(rooms);
          return reply({ ok: true, resumeIds });
        })
        .catch((err: unknown) => {
          log.error({ err, user: userId }, 'socket.io watch failed');
          reply({ ok: false, error: { code: 'internal', message: 'could not watch, try again' } });
        });
    });
    socket.on('unwatch', () => {
      for (const room of socket.data.watched ?? []) if (!socket.data.joined?.has(room)) void socket.leave(room);
      socket.data.watched = [];
    });
  });

  return {
    toResume(resumeId, event, ...payload) {
      io.to(resumeRoom(resumeId)).emit(event, ...payload);
    },
    toUser(userId, event, ...payload) {
      io.to(userRoom(userId)).emit(event, ...payload);
    },
    removeUser(resumeId, userId) {
      io.in(userRoom(userId)).socketsLeave(resumeRoom(resumeId));
    },
    closeSession(sessionHash) {
      io.in(sessionRoom(sessionHash)).disconnectSockets(true);
    },
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        // The HTTP server is closed by its owner; only engine.io's clients are ended here.
        io.engine.close();
        resolve();
      }),
  };
}
