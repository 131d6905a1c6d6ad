// Reads the environment once, validates it, and hands a typed Config to the composition root.
// Nothing else in the server reads process.env.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');
const redisUrl = z.string().refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL');
const httpUrl = z.string().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http:// or https:// URL');

/** proxy-addr's own parser decides what a valid entry is (it throws on anything else). */
function validProxyList(list: string[]): boolean {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

/** Per-person (signups: per address) quotas on what costs storage or CPU, with their defaults;
 *  counted in the shared limiter (Redis when REDIS_URL), over them a 429 with Retry-After. */
const QUOTA_DEFAULTS = {
  QUOTA_SIGNUPS_PER_HOUR: 20,
  QUOTA_SESSIONS_PER_HOUR: 30,
  QUOTA_RESUMES_PER_HOUR: 30,
  QUOTA_COLLAB_TOKENS_PER_MINUTE: 60,
  QUOTA_VERSIONS_PER_HOUR: 60,
  QUOTA_JOINS_PER_SECOND: 20,
  QUOTA_PDF_EXPORTS_PER_MINUTE: 10,
} as const;

function quotaVariables() {
  const entries = Object.entries(QUOTA_DEFAULTS).map(([name, value]) => [name, z.coerce.number().int().min(1).max(1_000_000).default(value)]);
  return Object.fromEntries(entries) as Record<keyof typeof QUOTA_DEFAULTS, z.ZodDefault<z.ZodCoercedNumber<unknown>>>;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_READ_URL: postgresUrl.optional(),
  REDIS_URL: redisUrl.optional(),
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (1-64)')
    .optional(),
  PUBLIC_URL: httpUrl.optional(),
  TRUSTED_PROXIES: z
    .string()
    .default('loopback')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine(validProxyList, 'addresses, CIDRs or loopback/linklocal/uniquelocal, comma separated'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  AI_MODEL: z.string().min(1).default('gpt-4.1'),
  AI_MODEL_FAST: z.string().min(1).default('gpt-4.1-mini'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_DSN: z.string().url().optional(),
  VERSION_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  AWARENESS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(30_000).default(30_000),
  ...quotaVariables(),
});

export interface Quotas {
  /** New accounts per client address per hour. */
  signupsPerAddressPerHour: number;
  /** New sessions (logins) per person per hour. */
  sessionsPerHour: number;
  resumesPerHour: number;
  collabTokensPerMinute: number;
  /** Named versions saved per person per hour. */
  versionsPerHour: number;
  /** socket.io joins (join and watch) per person per second. */
  joinsPerSecond: number;
  /** PDF exports by members per person per minute (public links have their own limits). */
  pdfExportsPerMinute: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseReadUrl: string | undefined;
  redisUrl: string | undefined;
  nodeId: string;
  publicUrl: string | undefined;
  /** Peers whose X-Forwarded-For/-Proto are believed (proxy-addr names, addresses or CIDRs). */
  trustedProxies: string[];
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string; fastModel: string };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  sentryDsn: string | undefined;
  /** Automatic versions: at most one per this many ms while a resume is being edited (an hour). */
  versionIntervalMs: number;
  /** How long an editor's presence (cursor) relayed by another node outlives that node's silence. */
  awarenessTimeoutMs: number;
  quotas: Quotas;
  /** Limits that protect the server; fixed here so tests and docs name one source. */
  limits: {
    maxBodyBytes: number;
    maxFrameBytes: number;
    maxDocumentBytes: number;
    /** Unsent bytes a /collab socket may queue before it is cut (a peer that stopped reading). */
    maxSendBufferBytes: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, as a shell `VAR=` usually means "no value". */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(present(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue ? String(issue.path[0]) : 'environment';
    throw new ConfigError(`invalid ${name}: ${issue?.message ?? 'bad value'}`);
  }
  const e = parsed.data;
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError('invalid DATABASE_READ_URL: needs DATABASE_URL as well');
  }
  // Several nodes behind a balancer: links built from a request's Host would carry whatever
  // host a caller sent, so the public address must be stated.
  if ((e.DATABASE_URL || e.REDIS_URL) && !e.PUBLIC_URL) {
    throw new ConfigError(
      'missing PUBLIC_URL: required with DATABASE_URL or REDIS_URL (the address people use, e.g. https://resumes.example.com)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    redisUrl: e.REDIS_URL,
    nodeId: e.NODE_ID ?? `node-${randomUUID().slice(0, 8)}`,
    publicUrl: e.PUBLIC_URL,
    trustedProxies: e.TRUSTED_PROXIES,
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.AI_MODEL, fastModel: e.AI_MODEL_FAST },
    logLevel: e.LOG_LEVEL,
    sentryDsn: e.SENTRY_DSN,
    versionIntervalMs: e.VERSION_INTERVAL_MS,
    awarenessTimeoutMs: e.AWARENESS_TIMEOUT_MS,
    quotas: {
      signupsPerAddressPerHour: e.QUOTA_SIGNUPS_PER_HOUR,
      sessionsPerHour: e.QUOTA_SESSIONS_PER_HOUR,
      resumesPerHour: e.QUOTA_RESUMES_PER_HOUR,
      collabTokensPerMinute: e.QUOTA_COLLAB_TOKENS_PER_MINUTE,
      versionsPerHour: e.QUOTA_VERSIONS_PER_HOUR,
      joinsPerSecond: e.QUOTA_JOINS_PER_SECOND,
      pdfExportsPerMinute: e.QUOTA_PDF_EXPORTS_PER_MINUTE,
    },
    limits: { maxBodyBytes: 1024 * 1024, maxFrameBytes: 1024 * 1024, maxDocumentBytes: 4 * 1024 * 1024, maxSendBufferBytes: 8 * 1024 * 1024 },
  };
}
