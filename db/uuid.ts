// Ids arrive from URLs and tokens; a string that is not a uuid names no row, and saying so here
// spares every caller a Postgres "invalid input syntax for type uuid" error.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
