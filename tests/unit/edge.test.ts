// The edge's rules without a network: which peers' forwarding headers are believed, what counts
// as the app's own origin, how URLs are written to logs, and what the config and nginx demand.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_MIB, renderNginxConfig } from '../../nginx/render.mjs';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { MAX_IMPORT_BYTES } from '../../server/export/routes.ts';
import { createEdge } from '../../server/http/edge.ts';
import { redactUrl } from '../../server/log.ts';

/** A request as Node hands it over: the peer's address and the headers. */
function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers, connection: { remoteAddress: peer } } as unknown as IncomingMessage;
}

describe('client address and scheme', () => {
  const edge = createEdge({ publicUrl: undefined, trustedProxies: ['loopback', '10.0.0.0/8'] });

  it('believes X-Forwarded-For only as far back as the chain of trusted proxies goes', () => {
    expect(edge.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }))).toBe('203.0.113.9');
    // The client wrote its own X-Forwarded-For; nginx appended the real address: the nearest untrusted one wins.
    expect(edge.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(edge.clientAddress(request('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, 203.0.113.9, 10.1.1.1' }))).toBe('203.0.113.9');
    // A peer that is no trusted proxy is the client, whatever it says.
    expect(edge.clientAddress(request('198.51.100.7', { 'x-forwarded-for': '1.2.3.4' }))).toBe('198.51.100.7');
    // Private addresses are not trusted unless named (the rule before TRUSTED_PROXIES trusted them all).
    expect(edge.clientAddress(request('192.168.1.5', { 'x-forwarded-for': '1.2.3.4' }))).toBe('192.168.1.5');
  });

  it('takes https from X-Forwarded-Proto of a trusted proxy only', () => {
    expect(edge.protocol(request('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe('https');
    expect(edge.protocol(request('::ffff:127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe('https');
    expect(edge.protocol(request('198.51.100.7', { 'x-forwarded-proto': 'https' }))).toBe('http');
    expect(edge.protocol(request('127.0.0.1'))).toBe('http');
  });
});

describe('same origin', () => {
  it('without PUBLIC_URL, is the request\u2019s own scheme and host', () => {
    const edge = createEdge({ publicUrl: undefined, trustedProxies: ['loopback'] });
    const host = { host: '127.0.0.1:3000' };
    expect(edge.sameOrigin(request('127.0.0.1', { ...host, origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(edge.sameOrigin(request('127.0.0.1', { ...host, origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(edge.sameOrigin(request('127.0.0.1', { ...host, origin: 'https://127.0.0.1:3000' }))).toBe(false);
    expect(edge.sameOrigin(request('127.0.0.1', { ...host, origin: 'null' }))).toBe(false);
    expect(edge.sameOrigin(request('127.0.0.1', { host: 'app.example', 'x-forwarded-proto': 'https', origin: 'https://app.example' }))).toBe(true);
  });

  it('with PUBLIC_URL, is that origin whatever Host says', () => {
    const edge = createEdge({ publicUrl: 'https://Resumes.example.com/', trustedProxies: ['loopback'] });
    expect(edge.sameOrigin(request('127.0.0.1', { host: 'evil.example', origin: 'https://resumes.example.com' }))).toBe(true);
    expect(edge.sameOrigin(request('127.0.0.1', { host: 'evil.example', origin: 'https://evil.example' }))).toBe(false);
    expect(edge.sameOrigin(request('127.0.0.1', { host: 'resumes.example.com', origin: 'https://resumes.example.com:8443' }))).toBe(false);
  });

  it('lets requests without Origin through unless Sec-Fetch-Site says another site made them', () => {
    const edge = createEdge({ publicUrl: 'https://resumes.example.com', trustedProxies: ['loopback'] });
    expect(edge.sameOrigin(request('127.0.0.1'))).toBe(true);
    expect(edge.sameOrigin(request('127.0.0.1', { 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(edge.sameOrigin(request('127.0.0.1', { 'sec-fetch-site': 'none' }))).toBe(true);
    expect(edge.sameOrigin(request('127.0.0.1', { 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(edge.sameOrigin(request('127.0.0.1', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});

describe('URLs in logs', () => {
  const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5'.slice(0, 43);
  it.each([
    [`/collab/8d3c1e9e-5b6f-4f0e-9a57-3f4c2f7f2a10?token=${token}`, '/collab/8d3c1e9e-5b6f-4f0e-9a57-3f4c2f7f2a10'],
    [`/api/invitations/${token}/accept`, '/api/invitations/[redacted]/accept'],
    [`/api/public/${token}/pdf`, '/api/public/[redacted]/pdf'],
    [`/invite/${token}`, '/invite/[redacted]'],
    [`/p/${token}`, '/p/[redacted]'],
    [`/login?next=%2Finvite%2F${token}`, '/login'],
    [`/reset/short`, '/reset/[redacted]'],
    [`/anything/${token}`, '/anything/[redacted]'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('configuration', () => {
  it('requires PUBLIC_URL with Postgres or Redis (several nodes), naming it', () => {
    for (const env of [{ REDIS_URL: 'redis://127.0.0.1:6379' }, { DATABASE_URL: 'postgres://u@127.0.0.1/db' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/PUBLIC_URL/);
      expect(loadConfig({ ...env, PUBLIC_URL: 'https://resumes.example.com' }).publicUrl).toBe('https://resumes.example.com');
    }
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('reads TRUSTED_PROXIES as addresses and CIDRs, loopback by default, and refuses nonsense', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['loopback']);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.2,uniquelocal' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.2', 'uniquelocal']);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'nginx.internal' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/99' })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('nginx', () => {
  it('takes bodies as large as the PDF import takes, and answers 404 under /metrics', () => {
    expect(MAX_BODY_MIB * 1024 * 1024).toBe(MAX_IMPORT_BYTES);
    const conf = renderNginxConfig({ listen: 80, nodes: ['node1:3000'] });
    expect(conf).toContain(`client_max_body_size ${MAX_BODY_MIB}m;`);
    expect(conf).toMatch(/location \^~ \/metrics \{[^}]*return 404;/);
  });
});
