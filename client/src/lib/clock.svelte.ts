// A shared "now" that moves every 30 s once someone reads it, so "3 min ago" stays true on a
// page left open without each list running its own timer.

class Clock {
  #now = $state(Date.now());
  #ticking = false;

  get now(): number {
    if (!this.#ticking) {
      this.#ticking = true;
      setInterval(() => (this.#now = Date.now()), 30_000);
    }
    return this.#now;
  }
}

export const clock = new Clock();
