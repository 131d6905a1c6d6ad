// Accounts and sessions: sign up, log in with attempt limits, log out, and resolve who is
// calling from a session cookie or a collab token.
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import type { Role, Store, User } from '../../db/types.ts';
import { UniqueViolation } from '../../db/types.ts';
import { AppError } from '../errors.ts';
import type { RateLimit, RateLimitFactory } from '../limits/index.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

export const SESSION_COOKIE = 'sid';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const COLLAB_TOKEN_TTL_MS = 5 * 60 * 1000;

export type UpgradeDecision =
  | { ok: true; userId: string; role: Role }
  | { ok: false; status: 401 | 403; message: string };

export class AuthService {
  private readonly loginsPerIp: RateLimit;
  private readonly failuresPerAccount: RateLimit;

  constructor(
    private readonly store: Store,
    rateLimits: RateLimitFactory,
  ) {
    this.loginsPerIp = rateLimits({ name: 'login-ip', points: 30, windowSeconds: 15 * 60 });
    this.failuresPerAccount = rateLimits({ name: 'login-account', points: 10, windowSeconds: 15 * 60 });
  }

  async signup(input: { email: string; username: string; password: string }): Promise<{ user: User; token: string }> {
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.store.users.create({ email: input.email, username: input.username, passwordHash });
      return { user, token: await this.openSession(user.id) };
    } catch (err) {
      if (err instanceof UniqueViolation) {
        throw new AppError(409, 'conflict', `that ${err.field} is already registered`, { field: err.field });
      }
      throw err;
    }
  }

  async login(input: { email: string; password: string }, ip: string): Promise<{ user: User; token: string }> {
    const account = input.email.toLowerCase();
    const byIp = await this.loginsPerIp.consume(ip);
    if (!byIp.allowed) throw tooManyAttempts(byIp.retryAfterSeconds);
    // A locked account stays locked for its window, even with the right password.
    const lock = await this.failuresPerAccount.exhausted(account);
    if (lock.exhausted) throw tooManyAttempts(lock.retryAfterSeconds);
    const found = await this.store.users.findByEmail(input.email);
    const ok = found ? await verifyPassword(found.passwordHash, input.password) : await verifyAgainstDummy(input.password);
    if (!found || !ok) {
      const byAccount = await this.failuresPerAccount.consume(account);
      if (!byAccount.allowed) throw tooManyAttempts(byAccount.retryAfterSeconds);
      throw new AppError(401, 'invalid_credentials', 'email or password is wrong');
    }
    await this.failuresPerAccount.reset(account);
    const { passwordHash: _hash, ...user } = found;
    return { user, token: await this.openSession(user.id) };
  }

  async logout(token: string | undefined): Promise<void> {
    if (looksLikeToken(token)) await this.store.sessions.delete(hashToken(token));
  }

  async userForSession(token: string | undefined): Promise<User | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.store.sessions.find(hashToken(token));
    return session ? this.store.users.findById(session.userId) : null;
  }

  async issueCollabToken(userId: string, resumeId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + COLLAB_TOKEN_TTL_MS);
    await this.store.collabTokens.create(hashToken(token), userId, resumeId, expiresAt);
    return { token, expiresAt };
  }

  /** Who opens /collab/<resumeId>: a `token` query parameter (bound to that resume) or the
   *  session cookie. 401 when neither identifies a user, 403 when the user is not a member. */
  async authorizeUpgrade(req: IncomingMessage, resumeId: string): Promise<UpgradeDecision> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let userId: string | undefined;
    const token = url.searchParams.get('token');
    if (token !== null) {
      const grant = looksLikeToken(token) ? await this.store.collabTokens.find(hashToken(token)) : null;
      if (!grant) return { ok: false, status: 401, message: 'collab token invalid or expired' };
      if (grant.resumeId !== resumeId) return { ok: false, status: 403, message: 'token is for another resume' };
      userId = grant.userId;
    } else {
      const sid = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      const user = await this.userForSession(sid);
      if (!user) return { ok: false, status: 401, message: 'sign in first' };
      userId = user.id;
    }
    const role = await this.store.resumes.roleOf(resumeId, userId);
    if (!role) return { ok: false, status: 403, message: 'not a member of this resume' };
    return { ok: true, userId, role };
  }

  private async openSession(userId: string): Promise<string> {
    const token = newToken();
    await this.store.sessions.create(hashToken(token), userId, new Date(Date.now() + SESSION_TTL_MS));
    return token;
  }
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError(429, 'rate_limited', 'too many login attempts; try again later', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
}
