// Analysis through a real server process: the stateless endpoint offline and with an LLM (a real
// OpenAI-compatible HTTP server on loopback), caching and single flight, per-user limits, and
// the automatic analysis that follows edits and reaches everyone in the resume over socket.io.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addItem, getJobDescriptionText, getItems, getText } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, metric, series, until } from '../harness/collab.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../harness/openai-server.ts';
import { closeSockets, joinRoom, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const RESUME = [
  'Jane Doe',
  'jane.doe@example.com · +1 555 010 2233',
  'Software engineer, 6 years. Built React and Node.js services on PostgreSQL.',
  'Led a team of 4 engineers and cut page load time by 35%.',
].join('\n');
const JOB = 'Senior Software Engineer. You must have TypeScript, React and PostgreSQL. Kubernetes is a plus.';

interface Report {
  score: number;
  provider: string;
  status: string;
  explanation: string | null;
  notice: { reason: string; message: string } | null;
  matched: Array<{ term: string; evidence: Array<{ text: string; start: number; end: number }> }>;
  missing: Array<{ term: string; where: string }>;
  analyzerVersion: string;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

afterEach(() => {
  destroyClients();
  closeSockets();
});

describe('analysis without an LLM (the embedded default)', () => {
  let server: TestServer;
  let user: TestUser;
  beforeAll(async () => {
    server = await startServer();
    user = await signup(server);
  });
  afterAll(() => server.close());

  it('scores plain resume text against a job description, with evidence that points into the text', async () => {
    const res = await api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body: { resume_content: RESUME, job_description: JOB } });
    expect(res.status).toBe(200);
    const report = res.body as Report;
    expect(report.score).toBeGreaterThan(0);
    expect(report.score).toBeLessThanOrEqual(100);
    expect(report.provider).toBe('offline');
    expect(report.status).toBe('offline');
    const terms = report.matched.map((m) => m.term);
    expect(terms).toEqual(expect.arrayContaining(['React', 'PostgreSQL']));
    for (const match of report.matched) {
      for (const e of match.evidence) expect(RESUME.slice(e.start, e.end)).toBe(e.text);
    }
    expect(report.missing.map((m) => m.term)).toContain('TypeScript');

    // The same input gives the same score; a resume that adds the missing skill scores higher.
    const again = await api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body: { resume_content: RESUME, job_description: JOB } });
    expect((again.body as Report).score).toBe(report.score);
    const better = await api(server, 'POST', '/api/analyze-resume', {
      cookie: user.cookie,
      body: { resume_content: `${RESUME}\nWrote TypeScript every day for 4 years.`, job_description: JOB },
    });
    expect((better.body as Report).score).toBeGreaterThan(report.score);

    const usage = await api(server, 'GET', '/api/me/usage', { cookie: user.cookie });
    expect(usage.body).toMatchObject({ today: { analyses: 3, llmCalls: 0 }, llm: false });
  });

  it('refuses bad input with a clear error and counts nothing', async () => {
    const fresh = await signup(server);
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'validation_failed'],
      [{ resume_content: 42, job_description: JOB }, 400, 'validation_failed'],
      [{ resume_content: '   ', job_description: JOB }, 400, 'validation_failed'],
      [{ resume_content: 'x'.repeat(100_001), job_description: JOB }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await api(server, 'POST', '/api/analyze-resume', { cookie: fresh.cookie, body });
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
    }
    const anonymous = await api(server, 'POST', '/api/analyze-resume', { body: { resume_content: RESUME, job_description: JOB } });
    expect(anonymous.status).toBe(401);
    expect((await api(server, 'GET', '/api/me/usage', { cookie: fresh.cookie })).body).toMatchObject({ today: { analyses: 0 } });
  });

  it('allows 10 explicit analyses a minute per user, then answers 429 with Retry-After', async () => {
    const busy = await signup(server);
    const other = await signup(server);
    const body = { resume_content: RESUME, job_description: JOB };
    for (let i = 0; i < 10; i++) expect((await api(server, 'POST', '/api/analyze-resume', { cookie: busy.cookie, body })).status).toBe(200);
    const refused = await api(server, 'POST', '/api/analyze-resume', { cookie: busy.cookie, body });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Someone else is not affected.
    expect((await api(server, 'POST', '/api/analyze-resume', { cookie: other.cookie, body })).status).toBe(200);
  });

  it('analyses a resume by itself when editing pauses, tells everyone in it, and skips unchanged content', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie);
    const coach = await memberWithRole(server, owner.cookie, id, 'commenter');
    const stranger = await signup(server);

    const coachSocket = await socketFor(server, coach.cookie);
    expect(await joinRoom(coachSocket, id)).toMatchObject({ ok: true, role: 'commenter' });
    const strangerSocket = await socketFor(server, stranger.cookie);
    expect(await joinRoom(strangerSocket, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    let strangerHeard = 0;
    strangerSocket.on('analysis', () => (strangerHeard += 1));
    const heard: Array<{ resumeId: string; analysis: Report & { id: string } }> = [];
    coachSocket.on('analysis', (payload: { resumeId: string; analysis: Report & { id: string } }) => heard.push(payload));

    expect((await api(server, 'GET', `/api/resumes/${id}/analysis`, { cookie: owner.cookie })).status).toBe(404);

    const editor = connect(server, id, { cookie: owner.cookie });
    await editor.synced();
    editor.doc.transact(() => {
      getJobDescriptionText(editor.doc).insert(0, JOB);
      const item = addItem(editor.doc, 'work', { name: 'Acme', position: 'Software Engineer', summary: 'Built React apps on PostgreSQL.' });
      expect(item).toBeDefined();
    });
    await until(() => expect(heard).toHaveLength(1), 20_000);
    const first = must(heard[0], 'a first analysis');
    expect(first.resumeId).toBe(id);
    expect(first.analysis.matched.map((m) => m.term)).toEqual(expect.arrayContaining(['React', 'PostgreSQL']));

    const latest = await api(server, 'GET', `/api/resumes/${id}/analysis`, { cookie: coach.cookie });
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: first.analysis.id, score: first.analysis.score, trigger: 'auto', history: [{ score: first.analysis.score }] });
    const list = await api(server, 'GET', '/api/resumes', { cookie: owner.cookie });
    expect(list.body).toMatchObject({ owned: [{ id, score: first.analysis.score }] });
    expect((await api(server, 'GET', `/api/resumes/${id}/analysis`, { cookie: stranger.cookie })).status).toBe(404);

    // Typing a character and deleting it leaves the content as analysed: no new analysis.
    const unchanged = () => series(server, 'analysis_runs_total', { trigger: 'auto', outcome: 'unchanged' });
    const unchangedBefore = await unchanged();
    const summary = must(getText(must(getItems(editor.doc, 'work')[0], 'a work item').map, 'summary'), 'a summary');
    summary.insert(0, 'x');
    summary.delete(0, 1);
    await until(async () => expect(await unchanged()).toBe(unchangedBefore + 1), 20_000);
    expect(heard).toHaveLength(1);

    // A real change is analysed again, and asking explicitly runs at once.
    summary.insert(summary.length, ' Wrote TypeScript daily.');
    await until(() => expect(heard).toHaveLength(2), 20_000);
    const second = must(heard[1], 'a second analysis');
    expect(second.analysis.score).toBeGreaterThan(first.analysis.score);
    const explicit = await api(server, 'POST', `/api/resumes/${id}/analysis`, { cookie: coach.cookie });
    expect(explicit.status).toBe(201);
    expect(explicit.body).toMatchObject({ trigger: 'explicit', score: second.analysis.score });
    await until(() => expect(heard).toHaveLength(3));
    expect(strangerHeard).toBe(0);
  });

  it('runs exactly one analysis for a burst of 30 edits in 5 s', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie);
    const socket = await socketFor(server, owner.cookie);
    expect(await joinRoom(socket, id)).toMatchObject({ ok: true });
    let heard = 0;
    socket.on('analysis', () => (heard += 1));
    const autoRuns = () => series(server, 'analysis_runs_total', { trigger: 'auto' });
    const before = await autoRuns();

    const editor = connect(server, id, { cookie: owner.cookie });
    await editor.synced();
    const job = getJobDescriptionText(editor.doc);
    const words = JOB.split(' ');
    await new Promise<void>((resolve) => {
      let typed = 0;
      const typing = setInterval(() => {
        job.insert(job.length, `${words[typed % words.length] ?? ''} `);
        typed += 1;
        if (typed === 30) {
          clearInterval(typing);
          resolve();
        }
      }, 5_000 / 30);
    });
    await until(() => expect(heard).toBe(1), 20_000);
    // Nothing is waiting or running any more, and that one burst made one run.
    await until(async () => expect(await metric(server, 'analysis_pending')).toBe(0));
    expect(await autoRuns()).toBe(before + 1);
    expect(heard).toBe(1);
  });

  it('says a resume is too long to analyse instead of working on it for minutes', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Long', jsonResume: { basics: { summary: 'Managed projects. '.repeat(7_000) } } });
    const res = await api(server, 'POST', `/api/resumes/${id}/analysis`, { cookie: owner.cookie });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await api(server, 'GET', `/api/resumes/${id}/analysis`, { cookie: owner.cookie })).status).toBe(404);
  });

  it('refuses socket.io without a session', async () => {
    await expect(socketFor(server, 'sid=forged')).rejects.toThrow(/sign in/);
  });
});

describe('analysis with an LLM (an OpenAI-compatible server on loopback)', () => {
  let server: TestServer;
  let openai: FakeOpenAI;
  const explanation = 'Your resume shows React and PostgreSQL; add TypeScript to reach the required skills.';
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    server = await startServer({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL, AI_MODEL: 'full-model', AI_MODEL_FAST: 'fast-model' } });
  });
  afterEach(() => openai.reset());
  afterAll(async () => {
    await server.close();
    await openai.close();
  });

  it('explains the score with the full model, sends no contact details, and makes one call for identical requests', async () => {
    const user = await signup(server);
    openai.otherwise({ kind: 'answer', content: JSON.stringify({ explanation, rewrites: [] }), usage: { prompt: 700, completion: 90 } });
    const body = { resume_content: RESUME, job_description: JOB };
    const [a, b] = await Promise.all([
      api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body }),
      api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body }),
    ]);
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ provider: 'openai', status: 'complete', explanation, notice: null });
    }
    expect(openai.requests).toHaveLength(1);
    const sent = must(openai.requests[0], 'a request to the LLM');
    expect(sent.body).toMatchObject({ model: 'full-model' });
    expect(sent.raw).not.toContain('jane.doe@example.com');
    expect(sent.raw).not.toContain('555 010 2233');
    expect(sent.headers.authorization).toBe('Bearer sk-test');

    // Later, the same content comes from the cache.
    const cached = await api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body });
    expect(cached.body).toMatchObject({ status: 'complete', explanation });
    expect(openai.requests).toHaveLength(1);
    const usage = await api(server, 'GET', '/api/me/usage', { cookie: user.cookie });
    expect(usage.body).toMatchObject({ today: { analyses: 3, llmCalls: 1, promptTokens: 700, completionTokens: 90 }, llm: true });
  });

  it("keeps analysing offline once a user's daily token budget is spent, without calling the LLM", async () => {
    const user = await signup(server);
    openai.otherwise({ kind: 'answer', content: JSON.stringify({ explanation, rewrites: [] }), usage: { prompt: 150_000, completion: 60_000 } });
    const first = await api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body: { resume_content: `${RESUME}\nBudget one.`, job_description: JOB } });
    expect(first.body).toMatchObject({ status: 'complete' });
    const second = await api(server, 'POST', '/api/analyze-resume', { cookie: user.cookie, body: { resume_content: `${RESUME}\nBudget two.`, job_description: JOB } });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'fallback', explanation: null, notice: { reason: 'budget_exhausted' } });
    expect((second.body as Report).score).toBeGreaterThan(0);
    expect(openai.requests).toHaveLength(1);
    // Someone else still gets explanations.
    const other = await signup(server);
    const theirs = await api(server, 'POST', '/api/analyze-resume', { cookie: other.cookie, body: { resume_content: `${RESUME}\nBudget three.`, job_description: JOB } });
    expect(theirs.body).toMatchObject({ status: 'complete' });
  });

  it('falls back to the offline report with a clear status when the LLM keeps failing', async () => {
    const user = await signup(server);
    openai.otherwise({ kind: 'status', status: 503 });
    const res = await api(server, 'POST', '/api/analyze-resume', {
      cookie: user.cookie,
      body: { resume_content: `${RESUME}\nAlso Kubernetes.`, job_description: JOB },
    });
    expect(res.status).toBe(200);
    const report = res.body as Report;
    expect(report).toMatchObject({ provider: 'offline', status: 'fallback', explanation: null, notice: { reason: 'server_error' } });
    expect(report.notice?.message.length).toBeGreaterThan(0);
    expect(report.score).toBeGreaterThan(0);
    // Retried with backoff before giving up: the first attempt and the SDK's retries.
    expect(openai.requests.length).toBeGreaterThan(1);
  });
});
