// The open resume's session, shared with every field of the form through Svelte context.
import { getContext, setContext } from 'svelte';
import type { CollabSession } from './collab-session.svelte.ts';

const KEY = Symbol('collab-session');

export function provideSession(session: CollabSession): void {
  setContext(KEY, session);
}

export function useSession(): CollabSession {
  const session = getContext<CollabSession | undefined>(KEY);
  if (!session) throw new Error('useSession() outside an open resume');
  return session;
}
