// Process entry: validate config (one clear line and exit 1 when wrong), start one node, and
// drain on SIGTERM/SIGINT so no edit is lost on a deploy. The node is imported only once the
// config is valid, so a bad variable is reported at once.
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`configuration error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(config.logLevel, config.nodeId);
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));

try {
  const { createNode } = await import('./node.ts');
  const node = await createNode(config, log);
  const port = await node.listen();
  log.info({ port, host: config.host, database: node.store.db.kind }, 'listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    node.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  log.fatal({ err }, 'could not start');
  process.exit(1);
}
