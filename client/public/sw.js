/* global self, caches, fetch */
// Service worker: the template catalogue (GET /api/templates) is served from the cache at once
// and refreshed in the background (stale-while-revalidate), so the pickers work offline.
// Nothing else is cached here: pages and assets follow their HTTP cache headers.
const CACHE = 'resume-builder-v1';
const CACHED_PATHS = new Set(['/api/templates']);

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !CACHED_PATHS.has(url.pathname)) return;
  event.respondWith(staleWhileRevalidate(event));
});

async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  const refresh = fetch(event.request)
    .then(async (response) => {
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    })
    .catch((err) => {
      if (cached) return cached;
      throw err;
    });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}
