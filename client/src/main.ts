// Entry point: global styles, error reporting (when the server has a Sentry DSN), the app shell,
// and (in production builds) the service worker that keeps the template catalogue available offline.
import { mount } from 'svelte';
import App from './App.svelte';
import { startErrorReporting } from './lib/error-reporting.ts';
import './styles.css';

void startErrorReporting(); // never rejects; loads the Sentry SDK only when the server has a DSN

const target = document.getElementById('app');
if (target) mount(App, { target });

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('service worker not registered', err));
}
