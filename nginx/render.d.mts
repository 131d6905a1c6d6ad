// Types for render.mjs (plain JavaScript so operators run it with bare node).
export interface NginxConfigOptions {
  /** The port nginx listens on. */
  listen: string | number;
  /** HOST:PORT of every node. */
  nodes: string[];
  /** The client build (dist/client): nginx serves /assets/ from it itself. */
  staticDir?: string;
  /** The workers' user (only when nginx starts as root). */
  user?: string;
  /** Listen with TLS: the certificate and key (PEM files); adds HSTS to nginx's own answers. */
  tlsCert?: string;
  tlsKey?: string;
}

/** client_max_body_size, in MiB: the PDF import's limit. */
export const MAX_BODY_MIB: number;

export function renderNginxConfig(options: NginxConfigOptions): string;
