// Password hashing with argon2id (OWASP's first choice); parameters are the library's defaults
// (m=64 MiB, t=3, p=4), recorded in each hash so they can be raised later.
import argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
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
