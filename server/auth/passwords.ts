// Password hashing with argon2id, and the strength rule for new passwords (zxcvbn-ts, with the
// common and English dictionaries).
import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

/** OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1): ~tens of ms on one core, cheap for us
 *  and dear for a guesser. Recorded in each hash, so they can be raised without breaking old ones. */
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

/** zxcvbn's scores run 0–4; 3 is "safely unguessable: moderate protection from offline attacks". */
const MIN_SCORE = 3;
let estimator: ZxcvbnFactory | undefined;

/** Why a new password is too easy to guess (in words the signup page shows), or null. The
 *  dictionaries load on first use (~0.5 s once); the person's email and username count as known. */
export function weakPassword(password: string, personal: string[]): string | null {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  const result = estimator.check(password, personal);
  if (result.score >= MIN_SCORE) return null;
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => Boolean(s));
  return ['this password is too easy to guess.', ...hints].join(' ');
}
