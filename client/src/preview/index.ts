// The live resume preview: the page in the chosen template, laid out by collab/layout.ts as the PDF is.
/// <reference types="vite/client" />

export { default as Preview } from './Preview.svelte';
export type { LayoutSettings } from '../../../collab/layout.ts';
