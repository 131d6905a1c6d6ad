// No Docker engine runs here, so docker-compose.yml is kept honest by reading it against the code:
// the nodes' environment passes the real config loader, nginx's config is what render.mjs prints,
// Prometheus scrapes every node, and the dashboard only charts metrics the nodes export.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderNginxConfig } from '../../nginx/render.mjs';
import { loadConfig } from '../../server/config.ts';
import { createMetrics } from '../../server/metrics.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

const text = (file: string) => readFile(path.join(ROOT, file), 'utf8');
const compose = async () => parseYaml(await text('docker-compose.yml')) as { services: Record<string, Service> };
const NODES = ['node1', 'node2', 'node3'];

describe('docker-compose.yml', () => {
  it('runs Postgres, Redis, three nodes, nginx, Prometheus and Grafana', async () => {
    const { services } = await compose();
    expect(Object.keys(services).sort()).toEqual(['grafana', 'nginx', 'node1', 'node2', 'node3', 'postgres', 'prometheus', 'redis']);
    expect(services.postgres?.healthcheck?.test).toContain('pg_isready');
    expect(services.redis?.healthcheck?.test).toContain('ping');
  });

  it('configures every node with variables the server accepts, a distinct id, and the shared Postgres and Redis', async () => {
    const { services } = await compose();
    const ids = new Set<string>();
    for (const name of NODES) {
      const node = services[name];
      const env = node?.environment ?? {};
      const config = loadConfig(env); // throws with the variable's name when one is invalid
      expect(config.databaseUrl).toMatch(/@postgres:5432\//);
      expect(config.redisUrl).toBe('redis://redis:6379');
      ids.add(config.nodeId);
      expect(config.port).toBe(3000);
      // nginx is another container: without its network trusted, the nodes would see its address as every client's.
      expect(config.trustedProxies).toContain('uniquelocal');
      expect(node?.build).toBe('.');
      expect(node?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(node?.healthcheck?.test.join(' ')).toContain('/readyz');
    }
    expect(ids.size).toBe(NODES.length);
    const pg = services.postgres?.environment ?? {};
    expect(services.node1?.environment?.DATABASE_URL).toBe(`postgres://${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}@postgres:5432/${pg.POSTGRES_DB}`);
  });

  it('puts nginx in front of the nodes with the config render.mjs prints for them', async () => {
    const { services } = await compose();
    const nginx = services.nginx;
    const mount = nginx?.volumes?.find((v) => v.startsWith('./nginx/compose.conf:'));
    expect(mount).toBeDefined();
    const inside = mount?.split(':')[1] ?? '';
    expect(nginx?.command?.join(' ')).toContain(`-c ${inside}`);
    const rendered = renderNginxConfig({ listen: '80', nodes: NODES.map((n) => `${n}:3000`) });
    expect(await text('nginx/compose.conf')).toBe(rendered);
    expect(nginx?.ports).toContain('8080:80');
  });

  it('scrapes every node and charts only metrics the nodes export', async () => {
    const prometheus = parseYaml(await text('ops/prometheus.yml')) as {
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual(NODES.map((n) => `${n}:3000`));

    const exported = new Set<string>();
    for (const metric of await createMetrics('compose-test').registry.getMetricsAsJSON()) {
      exported.add(metric.name);
      for (const suffix of ['_bucket', '_sum', '_count']) exported.add(metric.name + suffix);
    }
    const dashboard = JSON.parse(await text('ops/grafana/dashboards/resume.json')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const topic of ['propagation', 'sockets', 'rooms', 'updates a second', 'persistence lag', 'analysis runs', 'cache hit ratio', 'event-loop', 'http p99']) {
      expect(titles).toContain(topic);
    }
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const names = expr.match(/\b[a-z][a-z0-9_]*_(?:total|seconds|bucket|sockets|rooms|count|sum)\b/g) ?? [];
        expect(names.length, panel.title).toBeGreaterThan(0);
        for (const name of names) expect(exported, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });
});

describe('Dockerfile', () => {
  it('builds in stages, runs as an unprivileged user with a readiness health check, and starts the node directly', async () => {
    const dockerfile = await text('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toContain('CMD ["node", "--import", "tsx", "server/main.ts"]');
  });
});
