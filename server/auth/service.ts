// Accounts and sessions: sign up (strong passwords, limited per address), log in (slowed after
// failures), log out, and resolve who is calling from a session cookie or a collab token.
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import type { Role, Store, User } from '../../db/types.ts';
import { UniqueViolation } from '../../db/types.ts';
import { AppError } from '../errors.ts';
import { spend, tooManyRequests, type RateLimit, type RateLimitFactory } from '../limits/index.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword, weakPassword } from './passwords.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

export const SESSION_COOKIE = 'sid';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const COLLAB_TOKEN_TTL_MS = 5 * 60 * 1000;

export type UpgradeDecision =
  | { ok: true; userId: string; role: Role; sessionHash: string | null }
  | { ok: false; status: 401 | 403; message: string };

/** Failed logins slow down instead of locking out: the first FREE_FAILURES per account (more per
 *  address, which a household or classroom shares) cost nothing, then each failure makes the next
 *  attempt wait 1 s, 2 s, 4 s … up to MAX_DELAY_SECONDS. The counts fade after FAILURE_WINDOW. */
export const LOGIN_SLOWDOWN = { freeFailuresPerAccount: 5, freeFailuresPerAddress: 20, maxDelaySeconds: 300, failureWindowSeconds: 3600 } as const;

export interface AuthQuotas {
  signupsPerAddressPerHour: number;
  sessionsPerHour: number;
  collabTokensPerMinute: number;
}

export class AuthService {
  private readonly failures: RateLimit;
  private readonly cooldown: RateLimit;
  private readonly signupsPerAddress: RateLimit;
  private readonly sessionsPerPerson: RateLimit;
  private readonly collabTokensPerPerson: RateLimit;

  constructor(
    private readonly store: Store,
    rateLimits: RateLimitFactory,
    quotas: AuthQuotas,
  ) {
    this.failures = rateLimits({ name: 'login-failures', points: 1_000_000, windowSeconds: LOGIN_SLOWDOWN.failureWindowSeconds });
    this.cooldown = rateLimits({ name: 'login-cooldown', points: 1, windowSeconds: 1 });
    this.signupsPerAddress = rateLimits({ name: 'signup-address', points: quotas.signupsPerAddressPerHour, windowSeconds: 3600 });
    this.sessionsPerPerson = rateLimits({ name: 'sessions', points: quotas.sessionsPerHour, windowSeconds: 3600 });
    this.collabTokensPerPerson = rateLimits({ name: 'collab-tokens', points: quotas.collabTokensPerMinute, windowSeconds: 60 });
  }

  async signup(input: { email: string; username: string; password: string }, address: string): Promise<{ user: User; token: string }> {
    const weak = weakPassword(input.password, [input.email, input.username, input.email.split('@')[0] ?? '']);
    if (weak) throw new AppError(400, 'validation_failed', `password: ${weak}`, { fields: [{ path: 'password', message: weak }] });
    await spend(this.signupsPerAddress, address, 'too many new accounts from this address');
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.store.users.create({ email: input.email, username: input.username, passwordHash });
      return { user, token: await this.openSession(user.id) };
    } catch (err) {
      if (err instanceof UniqueViolation) throw signupConflict(err.field);
      throw err;
    }
  }

  async login(input: { email: string; password: string }, address: string): Promise<{ user: User; token: string }> {
    const account = `account:${input.email.toLowerCase()}`;
    const from = `address:${address}`;
    // Still waiting after a failure: even the right password waits (seconds, not a lockout).
    for (const key of [account, from]) {
      const wait = await this.cooldown.exhausted(key);
      if (wait.exhausted) throw tooManyRequests('too many failed logins', wait.retryAfterSeconds);
    }
    const found = await this.store.users.findByEmail(input.email);
    const ok = found ? await verifyPassword(found.passwordHash, input.password) : await verifyAgainstDummy(input.password);
    if (!found || !ok) {
      await Promise.all([
        this.noteFailure(account, LOGIN_SLOWDOWN.freeFailuresPerAccount),
        this.noteFailure(from, LOGIN_SLOWDOWN.freeFailuresPerAddress),
      ]);
      throw new AppError(401, 'invalid_credentials', 'email or password is wrong');
    }
    await Promise.all([this.failures.reset(account), this.cooldown.reset(account)]);
    await spend(this.sessionsPerPerson, found.id, 'too many sign-ins for this account');
    const { passwordHash: _hash, ...user } = found;
    return { user, token: await this.openSession(user.id) };
  }

  /** Counts a failure; past the free ones, the key waits 2^(n - free) seconds, capped. */
  private async noteFailure(key: string, free: number): Promise<void> {
    const counted = await this.failures.consume(key);
    if (!counted.allowed) return;
    const failures = 1_000_000 - counted.remaining;
    if (failures < free) return;
    const delay = Math.min(LOGIN_SLOWDOWN.maxDelaySeconds, 2 ** (failures - free));
    await this.cooldown.block(key, delay);
  }

  /** Ends the session (its collab tokens go with it, by the foreign key); returns the session's
   *  hash, which its live sockets carry, so the caller can close them. */
  async logout(token: string | undefined): Promise<string | null> {
    if (!looksLikeToken(token)) return null;
    const sessionHash = hashToken(token);
    await this.store.sessions.delete(sessionHash);
    return sessionHash;
  }

  async userForSession(token: string | undefined): Promise<User | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.store.sessions.find(hashToken(token));
    return session ? this.store.users.findById(session.userId) : null;
  }

  /** A token for one resume's /collab socket, bound to the session asking (it dies at logout). */
  async issueCollabToken(userId: string, resumeId: string, sessionToken: string | undefined): Promise<{ token: string; expiresAt: Date }> {
    await spend(this.collabTokensPerPerson, userId, 'too many collab tokens');
    const token = newToken();
    const expiresAt = new Date(Date.now() + COLLAB_TOKEN_TTL_MS);
    const sessionHash = looksLikeToken(sessionToken) ? hashToken(sessionToken) : null;
    await this.store.collabTokens.create(hashToken(token), userId, resumeId, expiresAt, sessionHash);
    return { token, expiresAt };
  }

  /** Who opens /collab/<resumeId>: a `token` query parameter (bound to that resume) or the
   *  session cookie. 401 when neither identifies a user, 403 when the user is not a member. */
  async authorizeUpgrade(req: IncomingMessage, resumeId: string): Promise<UpgradeDecision> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let userId: string | undefined;
    let sessionHash: string | null;
    const token = url.searchParams.get('token');
    if (token !== null) {
      const grant = looksLikeToken(token) ? await this.store.collabTokens.find(hashToken(token)) : null;
      if (!grant) return { ok: false, status: 401, message: 'collab token invalid or expired' };
      if (grant.resumeId !== resumeId) return { ok: false, status: 403, message: 'token is for another resume' };
      userId = grant.userId;
      sessionHash = grant.sessionHash;
    } else {
      const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      const user = await this.userForSession(sid);
      if (!user || !looksLikeToken(sid)) return { ok: false, status: 401, message: 'sign in first' };
      userId = user.id;
      sessionHash = hashToken(sid);
    }
    const role = await this.store.resumes.roleOf(resumeId, userId);
    if (!role) return { ok: false, status: 403, message: 'not a member of this resume' };
    return { ok: true, userId, role, sessionHash };
  }

  private async openSession(userId: string): Promise<string> {
    const token = newToken();
    await this.store.sessions.create(hashToken(token), userId, new Date(Date.now() + SESSION_TTL_MS));
    return token;
  }
}

/** Usernames are public (collaborators and mentions show them), so a taken one is named; a taken
 *  email is not confirmed in words, and the per-address signup limit bounds probing. */
function signupConflict(field: string): AppError {
  if (field === 'username') return new AppError(409, 'conflict', 'that username is taken', { field: 'username' });
  return new AppError(409, 'conflict', 'could not create an account with these details; if you already have one, log in');
}
