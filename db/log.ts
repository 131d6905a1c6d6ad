// The logger shape db/ needs: pino's methods fit it, tests may pass nothing.
// Warnings default to stderr so a failing pool is never silent.

export interface DbLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export function dbLog(log?: { info(o: object, msg: string): void; warn?(o: object, msg: string): void }): DbLog {
  return {
    info: (o, msg) => log?.info(o, msg),
    warn: (o, msg) => (log?.warn ? log.warn(o, msg) : console.warn(`${msg}: ${describe(o)}`)),
  };
}

function describe(o: object): string {
  const err: unknown = Reflect.get(o, 'err');
  return err instanceof Error ? err.message : JSON.stringify(o);
}
