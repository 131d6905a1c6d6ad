// The router type shared by every route module, so each sees the same ctx.state.
import { Router } from '@koa/router';
import type { User } from '../../db/types.ts';
import type { AppState } from './middleware.ts';

export interface ApiState extends AppState {
  user?: User;
}

export type ApiRouter = Router<ApiState>;
export const createRouter = (): ApiRouter => new Router<ApiState>();
