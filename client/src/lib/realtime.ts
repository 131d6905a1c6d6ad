// One socket.io connection per signed-in tab, shared by everything that listens for live events
// (analysis, comments, presence, notifications, membership). Resume rooms are joined by reference
// count and joined again after every reconnect; the socket is closed at sign-out.
import { io, type Socket } from 'socket.io-client';

let socket: Socket | null = null;
const rooms = new Map<string, number>();
/** Rooms whose join the server acknowledged on the current connection. */
const joined = new Set<string>();
/** Told each time a room's join is acknowledged (again after a reconnect): events from then on
 *  arrive, so a listener can fetch what it may have missed before. */
const onJoinedByRoom = new Map<string, Set<() => void>>();

function join(s: Socket, resumeId: string): void {
  s.emit('join', resumeId, (answer: { ok?: boolean } | undefined) => {
    if (!answer?.ok || !rooms.has(resumeId)) return;
    joined.add(resumeId);
    for (const fn of onJoinedByRoom.get(resumeId) ?? []) fn();
  });
}

function connection(): Socket {
  if (socket) return socket;
  const s = io({ path: '/socket.io', transports: ['websocket'] });
  s.on('connect', () => {
    for (const resumeId of rooms.keys()) join(s, resumeId);
  });
  s.on('disconnect', () => joined.clear());
  socket = s;
  return s;
}

/** Hears `event` until the returned function is called. */
export function onEvent<T>(event: string, handler: (payload: T) => void): () => void {
  const s = connection();
  s.on(event, handler);
  return () => {
    s.off(event, handler);
  };
}

/** Joins the resume's room (live events about it) until the returned function is called.
 *  `onJoined` is told whenever the join is in place (at once if it already is, and after every
 *  reconnect). */
export function joinResume(resumeId: string, onJoined?: () => void): () => void {
  const s = connection();
  const count = rooms.get(resumeId) ?? 0;
  rooms.set(resumeId, count + 1);
  if (onJoined) {
    const listeners = onJoinedByRoom.get(resumeId) ?? new Set<() => void>();
    listeners.add(onJoined);
    onJoinedByRoom.set(resumeId, listeners);
    if (joined.has(resumeId)) queueMicrotask(onJoined);
  }
  if (count === 0 && s.connected) join(s, resumeId);
  let left = false;
  return () => {
    if (left) return;
    left = true;
    if (onJoined) onJoinedByRoom.get(resumeId)?.delete(onJoined);
    const now = (rooms.get(resumeId) ?? 1) - 1;
    if (now > 0) return rooms.set(resumeId, now);
    rooms.delete(resumeId);
    joined.delete(resumeId);
    if (s.connected) s.emit('leave', resumeId);
  };
}

/** Joins the room of every resume shared with me in one `watch` (again after every reconnect)
 *  until the returned function is called; `onWatched` hears which resumes each time. */
export function watchShared(onWatched: (resumeIds: string[]) => void): () => void {
  const s = connection();
  const watch = () => {
    s.emit('watch', (answer: { ok: boolean; resumeIds?: string[] }) => {
      if (answer.ok && answer.resumeIds) onWatched(answer.resumeIds);
    });
  };
  s.on('connect', watch);
  if (s.connected) watch();
  return () => {
    s.off('connect', watch);
    if (s.connected) s.emit('unwatch');
  };
}

/** Sign-out: the socket carried the old session's cookie. */
export function closeRealtime(): void {
  socket?.disconnect();
  socket = null;
  rooms.clear();
  joined.clear();
  onJoinedByRoom.clear();
}
