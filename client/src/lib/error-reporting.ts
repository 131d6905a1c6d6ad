// Error reporting in the browser: the server says whether it is on (GET /api/config). Only then is
// the Sentry SDK fetched, as its own chunk; without a DSN nothing is loaded and nothing is sent.

interface ClientConfig {
  sentryDsn: string | null;
  node: string;
}

/** Called once at start; never rejects (reporting is a nice-to-have, the app runs without it). */
export async function startErrorReporting(): Promise<void> {
  let config: ClientConfig;
  try {
    // Not through api.ts's request(): a failure here must not count as a lost session or show an error.
    const res = await fetch('/api/config', { credentials: 'same-origin' });
    if (!res.ok) return;
    config = (await res.json()) as ClientConfig;
  } catch {
    return; // offline start: no reporting this time
  }
  if (!config.sentryDsn) return;
  try {
    const { initSentry } = await import('./sentry.ts');
    initSentry(config.sentryDsn, config.node);
  } catch (err) {
    console.warn('error reporting could not start', err);
  }
}
