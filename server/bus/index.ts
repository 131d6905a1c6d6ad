export type { Bus, Unsubscribe } from './types.ts';
export { InProcessBus, InProcessHub } from './in-process.ts';
