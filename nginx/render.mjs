#!/usr/bin/env node
// Prints the nginx configuration for a set of resume nodes (CONTRACT.md):
//   node nginx/render.mjs --listen PORT --nodes HOST:PORT,HOST:PORT[,...] [--static DIR] [--user NAME]
//                         [--tls-cert FILE --tls-key FILE]
// Run it with `nginx -p PREFIX -c FILE`: every path it writes (pid, logs, temp files) is relative
// to PREFIX, whose logs/ and temp/ folders must exist. Adding a node = render again + reload.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Seconds a websocket may stay silent before nginx cuts it; the apps ping far more often. */
const SOCKET_TIMEOUT_S = 3600;

/** The largest request body: the PDF import's limit (MAX_IMPORT_BYTES in server/export/routes.ts);
 *  JSON bodies past the node's own 1 MiB get its JSON 413. */
export const MAX_BODY_MIB = 5;

/** Headers on what nginx answers itself (build files, refusals, errors); the nodes' answers
 *  carry their own, which nginx passes on unchanged. */
const EDGE_HEADERS = [
  ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
];
const HSTS = 'max-age=31536000';

/** nginx's own errors under /api, in the contract's JSON shape. */
const API_ERRORS = [
  [413, 'payload_too_large', `the request body is larger than ${MAX_BODY_MIB} MiB`],
  [502, 'unavailable', 'the service is unavailable; try again shortly'],
  [503, 'unavailable', 'the service is unavailable; try again shortly'],
  [504, 'unavailable', 'the service took too long to answer; try again shortly'],
];

const USAGE =
  'usage: node nginx/render.mjs --listen PORT --nodes HOST:PORT,HOST:PORT[,...] [--static DIR] [--user NAME] [--tls-cert FILE --tls-key FILE]';

/** Checks the options and returns the configuration text; throws with one line on a bad value. */
export function renderNginxConfig({ listen, nodes, staticDir, user, tlsCert, tlsKey }) {
  const port = Number(listen);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid --listen: ${listen} (a port, 1-65535)`);
  if (!Array.isArray(nodes) || nodes.length === 0) throw new Error('invalid --nodes: give at least one HOST:PORT');
  for (const node of nodes) {
    if (!/^[A-Za-z0-9_.-]+:\d{1,5}$/.test(node)) throw new Error(`invalid --nodes: ${node} (HOST:PORT)`);
  }
  if (staticDir !== undefined && !path.isAbsolute(staticDir)) staticDir = path.resolve(staticDir);
  if (user !== undefined && !/^[A-Za-z0-9_-]+$/.test(user)) throw new Error(`invalid --user: ${user}`);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new Error('invalid --tls-cert/--tls-key: give both or neither');
  for (const file of [tlsCert, tlsKey]) {
    if (file !== undefined && !/^[^\s;{}'"]+$/.test(file)) throw new Error(`invalid TLS file name: ${file}`);
  }
  const tls = tlsCert !== undefined && tlsKey !== undefined ? { cert: path.resolve(tlsCert), key: path.resolve(tlsKey) } : undefined;

  const headerLines = [...EDGE_HEADERS, ...(tls ? [['Strict-Transport-Security', HSTS]] : [])];
  const headers = headerLines.map(([name, value]) => `\n      add_header ${name} "${value}" always;`).join('');
  const apiErrors = API_ERRORS.map(
    ([status, code, message]) => `
    location @api_${status} {
      default_type application/json;${headers}
      return ${status} '{"error":{"code":"${code}","message":"${message}"}}';
    }`,
  ).join('\n');

  // One failure takes a node out for 10 s: the next request, or websocket, goes to the next node.
  const servers = (extra = '') => nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=10s${extra};`).join('\n');
  const proxied = `
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 0;
      proxy_next_upstream_timeout 10s;`;
  const websocket = `${proxied}
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout ${SOCKET_TIMEOUT_S}s;
      proxy_send_timeout ${SOCKET_TIMEOUT_S}s;
      proxy_buffering off;`;
  const api = `${proxied}
      proxy_set_header Connection "";
      proxy_read_timeout 120s;`;
  const jsonErrors = API_ERRORS.map(([status]) => `\n      error_page ${status} @api_${status};`).join('');

  const assets = staticDir
    ? `
    # Hashed build output: served by nginx itself, cached for a year (a new build has new names).
    location /assets/ {
      root ${staticDir};
      access_log off;
      add_header Cache-Control "public, max-age=31536000, immutable" always;${headers}
      try_files $uri =404;
    }

    # Other files of the build (favicon, robots.txt); pages fall through to the nodes, which serve
    # index.html for every deep link.
    location / {
      root ${staticDir};${headers}
      try_files $uri @app;
    }

    location @app {
      proxy_pass http://api;${api}
    }`
    : `
    # Pages and the build output from the nodes (they mark hashed assets immutable).
    location / {
      proxy_pass http://api;${api}
    }`;

  return `# Rendered by nginx/render.mjs for ${nodes.length} node(s): ${nodes.join(', ')}
# Run: nginx -p PREFIX -c FILE (PREFIX holds logs/ and temp/). Adding a node: render, nginx -s reload.
${user ? `user ${user};\n` : ''}worker_processes auto;
pid logs/nginx.pid;
error_log logs/error.log warn;

events {
  worker_connections 8192;
}

http {
  types {
    text/html html;
    text/css css;
    application/javascript js mjs;
    application/json json map webmanifest;
    image/svg+xml svg;
    image/png png;
    image/x-icon ico;
    font/woff2 woff2;
    application/wasm wasm;
    text/plain txt;
  }
  default_type application/octet-stream;

  # The combined format without the query (collab tokens, next= addresses) or the tokens in
  # invitation, public-link and reset paths.
  map $uri $logged_path {
    ~^(?<logged_prefix>/(?:invite|p|reset|api/invitations|api/public)/)[^/]+(?<logged_rest>.*)$ $logged_prefix[redacted]$logged_rest;
    default $uri;
  }
  log_format redacted '$remote_addr - $remote_user [$time_local] "$request_method $logged_path $server_protocol" '
                      '$status $body_bytes_sent "$http_user_agent"';
  access_log logs/access.log redacted buffer=32k flush=1s;
  client_body_temp_path temp/client_body;
  proxy_temp_path temp/proxy;
  fastcgi_temp_path temp/fastcgi;
  uwsgi_temp_path temp/uwsgi;
  scgi_temp_path temp/scgi;

  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  client_max_body_size ${MAX_BODY_MIB}m;
  server_tokens off;

  gzip on;
  gzip_comp_level 5;
  gzip_min_length 1024;
  gzip_proxied any;
  gzip_vary on;
  gzip_types text/css application/javascript application/json image/svg+xml text/plain;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  # /collab/<resumeId>: every editor of a resume lands on the same node while it is up.
  map $uri $resume_id {
    ~^/collab/(?<id>[^/]+) $id;
    default '';
  }

  upstream collab {
    hash $resume_id consistent;
${servers()}
  }

  # socket.io polls before it upgrades: one client, one node.
  upstream realtime {
    hash $remote_addr consistent;
${servers()}
  }

  upstream api {
${servers()}
    keepalive 32;
  }

  server {
    listen ${port}${tls ? ' ssl' : ''};${
      tls
        ? `
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;`
        : ''
    }

    location /collab/ {
      proxy_pass http://collab;${websocket}
    }

    location /socket.io/ {
      proxy_pass http://realtime;${websocket}
    }

    location /api/ {
      proxy_pass http://api;${api}${jsonErrors}
    }
${apiErrors}

    # Each node's own /metrics is scraped directly, never through the balancer (nor /metrics/…).
    location ^~ /metrics {${headers}
      return 404;
    }
${assets}
  }
}
`;
}

function main() {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string' },
      nodes: { type: 'string' },
      static: { type: 'string' },
      user: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.listen || !values.nodes) throw new Error(USAGE);
  process.stdout.write(
    renderNginxConfig({
      listen: values.listen,
      nodes: values.nodes.split(',').map((n) => n.trim()).filter(Boolean),
      staticDir: values.static,
      user: values.user,
      tlsCert: values['tls-cert'],
      tlsKey: values['tls-key'],
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`render.mjs: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
