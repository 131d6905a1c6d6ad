// Password hashing with argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1):
// ~tens of ms on one core, so logins stay cheap for us and dear for a guesser. The parameters
// are recorded in each hash, so they can be raised later without breaking old hashes.
import argon2 from 'argon2';

const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PARAMS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

/** Burns the same time as a real verification when the account does not exist, so response
 *  times do not reveal which emails have accounts. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-000');
  await verifyPassword(await dummyHash, password);
  return false;
}
