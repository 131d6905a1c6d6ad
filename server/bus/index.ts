export type { Bus, BusSubscriber, Unsubscribe } from './types.ts';
export { InProcessBus, InProcessHub } from './in-process.ts';
export { RedisBus } from './redis.ts';
