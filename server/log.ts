// Structured JSON logs (pino). Every line carries the node id; children add request and resume ids.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, nodeId: string): Logger {
  return pino({
    level,
    base: { node: nodeId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
