// Read-your-writes over a lagging replica: inside `onPrimary(fn)` every query the repositories send
// to the replica goes to the primary instead. The HTTP layer wraps a person's requests in it for a
// short while after they wrote, so what they just did is what they read back.
import { AsyncLocalStorage } from 'node:async_hooks';

const primaryOnly = new AsyncLocalStorage<true>();

/** Runs fn (and everything it awaits) with replica reads sent to the primary. */
export function onPrimary<T>(fn: () => T): T {
  return primaryOnly.run(true, fn);
}

/** True inside onPrimary. */
export function readsGoToPrimary(): boolean {
  return primaryOnly.getStore() === true;
}
