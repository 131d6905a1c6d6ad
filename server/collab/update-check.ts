// What a client's update would do to a room's document, read before it is applied: whether every
// struct and deletion it depends on is already there, and under which client ids it writes anew.
import * as Y from 'yjs';

export interface UpdateCheck {
  /** Some struct or deletion depends on something neither the document nor the update holds: the
   *  update would stay pending in the document, sent to every newcomer and counted nowhere. */
  missing: boolean;
  /** Client ids under which the update adds structs the document does not have yet. */
  writesUnder: Set<number>;
}

/** Decodes the whole update (so a corrupt tail throws before anything is applied) and checks it
 *  against the document's state vector. Structs the document already has are harmless repeats. */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateCheck {
  const { structs, ds } = Y.decodeUpdate(update);
  const known = (client: number): number => Y.getState(doc.store, client);
  // How far each client's structs reach once the update is applied, if they follow on without a gap.
  const reach = new Map<number, number>();
  const reachOf = (client: number): number => reach.get(client) ?? known(client);
  const writesUnder = new Set<number>();
  let missing = false;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue; // a hole in a merged update: the next struct shows any gap
    const { client, clock } = struct.id;
    const have = reachOf(client);
    if (clock > have) missing = true;
    const end = clock + struct.length;
    if (end > known(client)) writesUnder.add(client);
    if (end > have) reach.set(client, end);
  }
  const present = (id: Y.ID | null): boolean => id === null || id.clock < reachOf(id.client);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (!present(struct.origin) || !present(struct.rightOrigin) || !present(parent)) missing = true;
  }
  for (const [client, ranges] of ds.clients) {
    const end = reachOf(client);
    if (ranges.some((range) => range.clock + range.len > end)) missing = true;
  }
  return { missing, writesUnder };
}
