// Editor cold open: navigation start → the form's first field present and focusable, in a fresh
// Chromium context (empty cache) per run against the production build; prints the median.
import { createResume, signup } from '../tests/harness/api.ts';
import { startServer } from '../tests/harness/server.ts';
import { launchChromium, newPerson } from '../tests/browser/browser.ts';

const RUNS = Number(process.env.RUNS ?? 7);

const server = await startServer({ backend: 'pglite' });
const browser = await launchChromium();
try {
  const owner = await signup(server);
  const work = Array.from({ length: 4 }, (_, i) => ({ name: `Company ${i}`, position: 'Engineer', highlights: ['Built things', 'Led people', 'Shipped code'] }));
  const { id } = await createResume(server, owner.cookie, { title: 'Cold open', jsonResume: { basics: { name: 'Ana Ruiz', summary: 'Engineer.' }, work } });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await newPerson(browser, server, owner);
    await page.goto(`/resumes/${id}`, { waitUntil: 'commit' });
    // Time origin is navigation start; "typeable" = the first field's content is editable and takes focus.
    // A string, so tsx's helpers (__name) stay out of the page.
    const ms = (await page.evaluate(`new Promise((resolve) => {
      const check = () => {
        const el = document.querySelector('#pane-form .cm-content[contenteditable="true"]');
        if (el) {
          el.focus();
          if (document.activeElement === el) return resolve(performance.now());
        }
        requestAnimationFrame(check);
      };
      check();
    })`)) as number;
    times.push(ms);
    await context.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(`editor cold open to a typeable field: median ${median.toFixed(0)} ms over ${RUNS} runs (${times.map((t) => t.toFixed(0)).join(', ')})`);
} finally {
  await browser.close();
  await server.close();
}
