// The LLM layer against a real OpenAI-compatible server on loopback: structured answers parsed
// and checked, contact details never sent, invented facts flagged, 429 retried, and every
// failure (timeout, 5xx, garbage, schema-invalid answers) a clean fallback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyze, explainWithLlm, type LlmOptions, type LlmRequest, type LlmResult, type ResumeInput } from '../../server/analysis/index.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../harness/openai-server.ts';

const today = new Date('2026-06-01T00:00:00Z');
const jobDescription = 'Backend Engineer\n\nRequirements:\n- Python and PostgreSQL\n- Questions: jobs@example.org';
const resume = {
  basics: {
    name: 'Ada Lovelace',
    label: 'Backend Engineer',
    email: 'ada@example.com',
    phone: '+44 20 7946 0958',
    url: 'https://ada.example.com',
    location: { address: '12 Marylebone Road', city: 'London' },
    summary: 'Ada Lovelace, backend engineer; reach me at ada@example.com or +44 20 7946 0958.',
  },
  work: [
    {
      name: 'Analytical Engines',
      position: 'Backend Engineer',
      startDate: '2019-01',
      highlights: ['Responsible for Python services', 'Moved reporting to PostgreSQL, cutting costs by 30%'],
    },
  ],
};

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function options(overrides: Partial<LlmOptions> = {}): LlmOptions {
  return { apiKey: 'test-key', baseURL: server.baseURL, fastModel: 'fast-model', fullModel: 'full-model', timeoutMs: 5_000, maxRetries: 2, ...overrides };
}

function request(mode: LlmRequest['mode'] = 'fast', input: ResumeInput = resume): LlmRequest {
  return { report: analyze({ resume: input, jobDescription }, { today }), resume: input, jobDescription, mode };
}

function answer(rewrites: ReadonlyArray<{ itemId: string; field: string; original?: string; rewrite: string; reason?: string }>) {
  return {
    kind: 'answer' as const,
    content: JSON.stringify({
      explanation: 'Your Python and PostgreSQL work shows; lead with results.',
      rewrites: rewrites.map((r) => ({ original: '', reason: 'stronger verb', ...r })),
    }),
    usage: { prompt: 812, completion: 96 },
  };
}

function ok(result: LlmResult) {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}: ${result.message}`);
  return result;
}

describe('explainWithLlm', () => {
  it('sends a structured-output request and returns the checked explanation, rewrites, model and usage', async () => {
    server.script(answer([{ itemId: 'work.0', field: 'highlights.0', rewrite: 'Ran Python services end to end' }]));
    const result = ok(await explainWithLlm(request('fast'), options()));
    expect(result).toMatchObject({
      model: 'fast-model',
      usage: { promptTokens: 812, completionTokens: 96 },
      explanation: 'Your Python and PostgreSQL work shows; lead with results.',
      rewrites: [
        {
          itemId: 'work.0',
          field: 'highlights.0',
          original: 'Responsible for Python services',
          rewrite: 'Ran Python services end to end',
          flagged: false,
          flagReasons: [],
        },
      ],
    });
    const received = await server.nextRequest();
    expect(received.path).toBe('/v1/chat/completions');
    expect(received.headers.authorization).toBe('Bearer test-key');
    expect(received.body).toMatchObject({
      model: 'fast-model',
      response_format: { type: 'json_schema', json_schema: { name: 'resume_advice', strict: true } },
      messages: [{ role: 'system' }, { role: 'user' }],
    });
    expect(received.raw).toContain('highlights.0');
  });

  it('uses the full model on demand', async () => {
    server.script(answer([]));
    expect(ok(await explainWithLlm(request('full'), options())).model).toBe('full-model');
    expect((await server.nextRequest()).body).toMatchObject({ model: 'full-model' });
  });

  it('sends no email, phone, link, name or street address, from a document or plain text', async () => {
    const plain = 'Ada Lovelace\nada@example.com | +44 20 7946 0958 | https://ada.example.com\n\nExperience\n- Ada Lovelace built Python services at 12 Marylebone Road';
    for (const input of [resume, plain]) {
      server.script(answer([]));
      ok(await explainWithLlm(request('fast', input), options()));
      const { raw } = await server.nextRequest();
      for (const secret of ['ada@example.com', 'jobs@example.org', '7946', 'ada.example.com', 'Lovelace', 'Ada', 'Marylebone']) {
        expect(raw).not.toContain(secret);
      }
      expect(raw).toContain('[EMAIL]');
      expect(raw).toContain('[NAME]');
      expect(raw).toContain('Python services');
    }
  });

  it('flags a rewrite that invents a skill, employer, number or title, and drops one for a field the resume lacks', async () => {
    server.script(
      answer([
        { itemId: 'work.0', field: 'highlights.0', rewrite: 'Directed Kubernetes rollout of Python services for Google as Engineering Director, saving 45%' },
        { itemId: 'work.0', field: 'highlights.1', rewrite: 'Cut reporting costs by 30% by moving it to PostgreSQL' },
        { itemId: 'work.7', field: 'highlights.0', rewrite: 'Anything' },
      ]),
    );
    const { rewrites } = ok(await explainWithLlm(request(), options()));
    expect(rewrites.map((r) => [r.field, r.flagged])).toEqual([
      ['highlights.0', true],
      ['highlights.1', false],
    ]);
    const reasons = rewrites[0]?.flagReasons.join('\n') ?? '';
    expect(reasons).toContain('skill "Kubernetes"');
    expect(reasons).toContain('"Google"');
    expect(reasons).toContain('number "45"');
    expect(reasons).toContain('title "director"');
  });

  it('retries a 429 and succeeds', async () => {
    server.script({ kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } }, answer([]));
    ok(await explainWithLlm(request(), options()));
    expect(server.requests).toHaveLength(2);
  });

  it('falls back after 500s once retries are spent', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500, headers: { 'retry-after-ms': '10' } })));
    const result = await explainWithLlm(request(), options({ maxRetries: 2 }));
    expect(result).toMatchObject({ status: 'fallback', reason: 'server_error', model: 'fast-model' });
    expect(server.requests).toHaveLength(3);
  });

  it('falls back on a timeout', async () => {
    server.script({ kind: 'hang' });
    const result = await explainWithLlm(request(), options({ timeoutMs: 300, maxRetries: 0 }));
    expect(result).toMatchObject({ status: 'fallback', reason: 'timeout' });
  });

  it('falls back on garbage, on content that is not JSON and on JSON outside the schema', async () => {
    server.script({ kind: 'garbage' });
    expect(await explainWithLlm(request(), options({ maxRetries: 0 }))).toMatchObject({ status: 'fallback', reason: 'invalid_answer' });
    server.script({ kind: 'answer', content: 'Sure! Here is my advice.' });
    expect(await explainWithLlm(request(), options())).toMatchObject({ status: 'fallback', reason: 'invalid_answer', usage: { promptTokens: 100 } });
    server.script({ kind: 'answer', content: JSON.stringify({ rewrites: 'none' }) });
    expect(await explainWithLlm(request(), options())).toMatchObject({ status: 'fallback', reason: 'invalid_answer' });
  });

  it('sends nothing without an API key', async () => {
    expect(await explainWithLlm(request(), options({ apiKey: undefined }))).toMatchObject({ status: 'fallback', reason: 'no_api_key' });
    expect(server.requests).toHaveLength(0);
  });
});
