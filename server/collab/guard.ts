// What a room lets in from a connection before applying it: updates that are complete, under the
// sender's own Yjs client ids and within the size cap; presence for the sender's own client id only.
import type * as Y from 'yjs';
import type { DocumentSize } from './document-size.ts';
import { readAwarenessUpdate, sanitizePresence, writeAwarenessUpdate, type AwarenessEntry, type PresenceIdentity } from './presence.ts';
import { CloseCode, byteSize, type RejectReason } from './protocol.ts';
import { checkUpdate } from './update-check.ts';

export type Verdict = { ok: true } | { ok: false; reason: RejectReason; code: number; words: string };

/** What the guard remembers of a connection: the awareness client id it first used. */
export interface Speaker {
  readonly userId: string;
  awarenessId: number | null;
}

const OK: Verdict = { ok: true };

export class RoomGuard {
  /** Who may write under (and show presence as) each Yjs client id: its first user since load. */
  private readonly owners = new Map<number, string>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly size: DocumentSize,
  ) {}

  /** A live edit (`claims`) makes its writer the owner of the client ids it introduces; a sync
   *  step 2 is history (it may carry others' structs the server lacks after a crash) and claims
   *  only the sender's own awareness id. Structs under an id another person owns are refused.
   *  Throws on an update that does not decode. */
  admitUpdate(speaker: Speaker, update: Uint8Array, claims: boolean): Verdict {
    const check = checkUpdate(this.doc, update);
    if (check.missing) {
      // Pending structs would sit in the document uncounted and reach every newcomer. The stock
      // client sends in causal order; after a reconnect its step 2 carries everything we lack.
      return refusal('missing_dependencies', CloseCode.policyViolation, 'update depends on changes the server does not have; reconnect to sync');
    }
    for (const client of check.writesUnder) {
      if (!this.mayUse(client, speaker.userId)) {
        return refusal('client_id_taken', CloseCode.policyViolation, 'update under a client id that belongs to someone else');
      }
    }
    if (!this.size.fits(update.length)) {
      return refusal('document_too_large', CloseCode.tooLarge, `document too large (max ${byteSize(this.size.max)})`);
    }
    for (const client of check.writesUnder) {
      if (claims || client === speaker.awarenessId) this.claim(client, speaker.userId);
    }
    return OK;
  }

  /** The part of a connection's awareness update it may send: entries for its own awareness id
   *  (the first id it used, if no one else owns it), with the person's identity from the session.
   *  The stock client also re-sends others' states it heard; those are dropped without fuss. */
  admitPresence(speaker: Speaker, who: PresenceIdentity, update: Uint8Array): Uint8Array | null {
    const kept: AwarenessEntry[] = [];
    for (const entry of readAwarenessUpdate(update)) {
      if (speaker.awarenessId === null && this.mayUse(entry.clientId, speaker.userId)) {
        speaker.awarenessId = entry.clientId;
        this.claim(entry.clientId, speaker.userId);
      }
      if (entry.clientId !== speaker.awarenessId) continue;
      const json = sanitizePresence(entry.state, who);
      if (json !== null) kept.push({ ...entry, state: json });
    }
    return kept.length > 0 ? writeAwarenessUpdate(kept) : null;
  }

  /** Whether the person may write under, or show presence as, this Yjs client id. */
  private mayUse(clientId: number, userId: string): boolean {
    if (clientId === this.doc.clientID) return false; // the server's own, for edits made through REST
    const owner = this.owners.get(clientId);
    return owner === undefined || owner === userId;
  }

  private claim(clientId: number, userId: string): void {
    if (!this.owners.has(clientId)) this.owners.set(clientId, userId);
  }
}

function refusal(reason: RejectReason, code: number, words: string): Verdict {
  return { ok: false, reason, code, words };
}
