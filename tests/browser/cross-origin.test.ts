// A page on another port of the same host, opened by a signed-in owner in real Chromium, attacks
// all three channels with the owner's cookie: /collab (reading the resume), the socket.io handshake
// (joining the resume's room) and a plain form post accepting a suggestion. Each is refused.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fieldText as docFieldText, getItems, spanAnchor, type FieldRef } from '../../collab/index.ts';
import { acceptInvite, api, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients } from '../harness/collab.ts';
import { freePort, type TestServer } from '../harness/server.ts';
import { newPerson, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => {
  server = s;
  browser = b;
});

const BULLET = 'Led a team of four engineers shipping the checkout';

/** The attacker's page: it knows the resume and suggestion ids (they travel in links people share). */
function attackPage(target: string, resumeId: string, suggestionId: string): string {
  const ws = target.replace(/^http/, 'ws');
  return `<!doctype html><html><body>
<form method="POST" action="${target}/api/resumes/${resumeId}/suggestions/${suggestionId}/accept"><button>Claim your prize</button></form>
<script>
window.collab = new Promise((resolve) => {
  const ws = new WebSocket('${ws}/collab/${resumeId}');
  ws.binaryType = 'arraybuffer';
  let opened = false;
  ws.onopen = () => { opened = true; ws.send(new Uint8Array([0, 0, 1, 0])); };
  ws.onmessage = (e) => { const b = new Uint8Array(e.data); if (b[0] === 0 && b[1] === 1) { resolve({ opened, stateBytes: b.length }); ws.close(); } };
  ws.onclose = () => resolve({ opened, stateBytes: 0 });
});
window.realtime = new Promise((resolve) => {
  const ws = new WebSocket('${ws}/socket.io/?EIO=4&transport=websocket');
  let opened = false;
  ws.onopen = () => { opened = true; };
  ws.onmessage = (e) => {
    const m = String(e.data);
    if (m.startsWith('0{')) ws.send('40');
    else if (m.startsWith('40')) ws.send('421["join","${resumeId}"]');
    else if (m === '2') ws.send('3');
    else if (m.startsWith('431') || m.startsWith('44')) { resolve({ opened, answer: m }); ws.close(); }
  };
  ws.onclose = () => resolve({ opened, answer: null });
});
window.polling = fetch('${target}/socket.io/?EIO=4&transport=polling', { credentials: 'include', mode: 'no-cors' }).then(() => 'sent', () => 'failed');
</script></body></html>`;
}

interface Attacker {
  url: string;
  close(): Promise<void>;
}

async function serveAttacker(html: string): Promise<Attacker> {
  const port = await freePort();
  const srv = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html);
  });
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => srv.close(() => resolve())) };
}

let owner: TestUser;
let coach: TestUser;
let attacker: Attacker | undefined;
afterAll(async () => {
  destroyClients();
  await attacker?.close();
});

/** A resume of the owner with a coach's pending suggestion on its first bullet. */
async function coachedResume(): Promise<{ id: string; suggestionId: string }> {
  const { id } = await createResume(server, owner.cookie, {
    title: 'Private resume',
    jsonResume: { basics: { name: 'Ana Ruiz' }, work: [{ name: 'Acme', position: 'Engineer', highlights: [BULLET] }] },
  });
  await acceptInvite(server, coach.cookie, await invite(server, owner.cookie, id, 'commenter'));
  const client = connect(server, id, { cookie: coach.cookie });
  await client.synced();
  const itemId = getItems(client.doc, 'work')[0]?.id ?? '';
  const ref: FieldRef = { list: 'work', itemId, field: 'highlights.0' };
  const text = docFieldText(client.doc, ref);
  if (!text) throw new Error('no bullet');
  const res = await api(server, 'POST', `/api/resumes/${id}/suggestions`, {
    cookie: coach.cookie,
    body: { anchor: spanAnchor(text, ref, 0, 'Led a team of four'.length), replacement: 'Managed four', reason: 'plainer' },
  });
  if (res.status !== 201) throw new Error(`suggestion: ${res.status} ${JSON.stringify(res.body)}`);
  return { id, suggestionId: (res.body as { id: string }).id };
}

beforeAll(async () => {
  [owner, coach] = await Promise.all([signup(server), signup(server)]);
});

describe('a page of another origin, with the owner signed in', () => {
  it('can neither read the resume over /collab, join its socket.io room, nor accept a suggestion with a form post', async () => {
    const { id, suggestionId } = await coachedResume();
    const before = (await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).body;
    attacker = await serveAttacker(attackPage(server.url, id, suggestionId));
    const { context, page } = await newPerson(browser, server, owner);
    const handshake = page.waitForResponse((r) => r.url().startsWith(`${server.url}/socket.io/`));
    await page.goto(attacker.url);

    const collab = (await page.evaluate('window.collab')) as { opened: boolean; stateBytes: number };
    expect(collab).toEqual({ opened: false, stateBytes: 0 });
    const realtime = (await page.evaluate('window.realtime')) as { opened: boolean; answer: string | null };
    expect(realtime).toEqual({ opened: false, answer: null });
    expect((await handshake).status()).toBe(403);

    const posted = page.waitForResponse((r) => r.url().endsWith(`/suggestions/${suggestionId}/accept`));
    await page.getByRole('button', { name: 'Claim your prize' }).click();
    const answer = await posted;
    expect(answer.status()).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'forbidden' } });

    const suggestions = await api(server, 'GET', `/api/resumes/${id}/suggestions`, { cookie: owner.cookie });
    expect((suggestions.body as { suggestions: Array<{ id: string; status: string }> }).suggestions).toEqual([
      expect.objectContaining({ id: suggestionId, status: 'pending' }),
    ]);
    expect((await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).body).toEqual(before);
    await context.close();
  });
});
