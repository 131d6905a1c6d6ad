// Access changes that every node must apply to its live sockets: a member's role changed, a member
// was removed, a resume was deleted, a session logged out. The node where the REST call lands applies it at once and
// publishes it on one bus channel all nodes hold; a periodic sweep re-reads roles from the
// database, so a change whose message was lost (Redis down) still takes effect.
import { z } from 'zod';
import { ROLES } from '../../db/types.ts';

export const ACCESS_CHANNEL = 'collab:access';

/** JSON frames start with '{' (123), outside y-websocket's message types (0–3) and BUS_SYNC_ANSWER. */
export const ACCESS_MESSAGE_MARK = 0x7b;

const accessChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), resumeId: z.string().uuid(), userId: z.string().uuid(), role: z.enum(ROLES as [string, ...string[]]) }),
  z.object({ kind: z.literal('revoked'), resumeId: z.string().uuid(), userId: z.string().uuid() }),
  z.object({ kind: z.literal('deleted'), resumeId: z.string().uuid() }),
  /** A session ended (logout): the sockets it opened, by cookie or by its collab tokens, close. */
  z.object({ kind: z.literal('session-ended'), sessionHash: z.string().regex(/^[0-9a-f]{64}$/) }),
]);

export type AccessChange = z.infer<typeof accessChange>;

export function encodeAccessChange(change: AccessChange): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(change));
}

/** Null for anything that is not a well-formed access change. */
export function decodeAccessChange(bytes: Uint8Array): AccessChange | null {
  if (bytes[0] !== ACCESS_MESSAGE_MARK) return null;
  try {
    const parsed = accessChange.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
