// Entry point: global styles, the app shell, and (in production builds) the service worker
// that keeps the template catalogue available offline.
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';

const target = document.getElementById('app');
if (target) mount(App, { target });

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('service worker not registered', err));
}
