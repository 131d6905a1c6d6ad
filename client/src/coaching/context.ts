// The open resume's comments and suggestions, shared through Svelte context with the fields, the
// Comments tab and the analysis panel. Absent outside the editor (fields then draw none).
import { getContext, setContext } from 'svelte';
import type { Coaching } from './coaching.svelte.ts';

const KEY = Symbol('coaching');

export function provideCoaching(coaching: Coaching): void {
  setContext(KEY, coaching);
}

export function useCoaching(): Coaching | undefined {
  return getContext<Coaching | undefined>(KEY);
}
