// Preloaded into the benchmark's node processes (with --expose-gc): SIGUSR2 runs a full garbage
// collection in the main thread and in every worker thread, so that RSS read before and after
// clients connect compares live memory, not how far each heap happened to be from its next
// collection. Plain JavaScript: worker threads inherit the preload and may not have tsx's loader
// yet when they load it. Used by bench/cluster only; the servers' own code is untouched.
import { performance } from 'node:perf_hooks';
import { BroadcastChannel, isMainThread, receiveMessageOnPort } from 'node:worker_threads';

const exposed = globalThis.gc;
// Plain gc(): a full mark-compact. (Node 20's V8 reads an options object differently from newer
// ones, and gc({ type: 'major', … }) ran a mere scavenge there.)
const gc = () => exposed();

if (typeof exposed === 'function') {
  const channel = new BroadcastChannel('bench-gc');
  channel.unref(); // never the reason a process or worker stays alive
  if (isMainThread) {
    let imports = 0;
    process.on('SIGUSR2', () => {
      gc();
      channel.postMessage('gc');
      // A module import also wakes the module-loader thread (tsx's hooks run there), idle since
      // start-up, in case what it holds from transforming every source file is what lingers.
      imports += 1;
      import(`data:text/javascript,export default ${imports}`).catch(() => undefined);
    });
  } else {
    channel.onmessage = () => gc();
    // An idle piscina worker (our analyzer) blocks in Atomics.wait and never reaches its event
    // loop, so the message would wait for the next analysis, which may come in the middle of a
    // measurement. Look at the channel between slices of the wait instead; piscina sees the same
    // wait and the same result.
    const wait = Atomics.wait.bind(Atomics);
    Atomics.wait = (array, index, value, timeout = Infinity) => {
      const deadline = performance.now() + timeout;
      for (;;) {
        const result = wait(array, index, value, Math.max(0, Math.min(250, deadline - performance.now())));
        if (result !== 'timed-out' || performance.now() >= deadline) return result;
        if (receiveMessageOnPort(channel)) gc();
      }
    };
  }
}
