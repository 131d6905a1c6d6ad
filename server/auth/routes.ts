// /api/auth/* and /api/me, per CONTRACT.md. The session id travels only in an HttpOnly,
// SameSite=Lax cookie; the body never carries it.
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { unauthenticated } from '../errors.ts';
import { createRouter, type ApiRouter, type ApiState } from '../http/router.ts';
import { parseBody } from '../http/validate.ts';
import { clientAddress } from '../http/middleware.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, type AuthService } from './service.ts';

const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'must be an email address' }));
const signupBody = z.object({
  email,
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, '3 to 32 letters, digits, dots, dashes or underscores'),
  password: z.string().min(8, 'at least 8 characters').max(256, 'at most 256 characters'),
});
const loginBody = z.object({ email, password: z.string().min(1).max(256) });

type Ctx = Context & { state: ApiState };

/** Loads the signed-in user (if any) into ctx.state.user for every /api request. */
export function sessionUser(auth: AuthService) {
  return async (ctx: Ctx, next: Next) => {
    const user = await auth.userForSession(ctx.cookies.get(SESSION_COOKIE));
    if (user) {
      ctx.state.user = user;
      ctx.state.log = ctx.state.log.child({ user: user.id });
    }
    await next();
  };
}

export function requireUser(ctx: Ctx) {
  if (!ctx.state.user) throw unauthenticated();
  return ctx.state.user;
}

/** `closeSession` ends a logged-out session's live sockets (/collab and socket.io, every node). */
export function authRoutes(auth: AuthService, secureCookies: boolean, closeSession: (sessionHash: string) => Promise<void> = async () => undefined): ApiRouter {
  const router = createRouter();
  const setSession = (ctx: Ctx, token: string) =>
    ctx.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: '/',
      maxAge: SESSION_TTL_MS,
      overwrite: true,
    });

  router.post('/api/auth/signup', async (ctx) => {
    const input = parseBody(signupBody, ctx.request.body);
    const { user, token } = await auth.signup(input, clientAddress(ctx));
    setSession(ctx, token);
    ctx.status = 201;
    ctx.body = { user };
    ctx.state.log.info({ user: user.id }, 'signed up');
  });

  router.post('/api/auth/login', async (ctx) => {
    const input = parseBody(loginBody, ctx.request.body);
    const { user, token } = await auth.login(input, clientAddress(ctx));
    setSession(ctx, token);
    ctx.body = { user };
  });

  router.post('/api/auth/logout', async (ctx) => {
    const sessionHash = await auth.logout(ctx.cookies.get(SESSION_COOKIE));
    if (sessionHash) await closeSession(sessionHash);
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax' });
    ctx.status = 204;
  });

  router.get('/api/me', (ctx) => {
    ctx.body = { user: requireUser(ctx) };
  });

  return router;
}
