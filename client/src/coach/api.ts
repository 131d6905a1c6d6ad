// The coach dashboard's REST calls and the shapes of its rows and live events.
import { request, type Role } from '../lib/api.ts';

export interface Person {
  id: string;
  username: string;
}

export interface DashboardResume {
  id: string;
  title: string;
  role: Exclude<Role, 'owner'>;
  owner: Person;
  lastEdit: { at: string; by: Person | null };
  score: number | null;
  /** Recent scores, oldest first. */
  scores: number[];
  openComments: number;
  waitingSuggestions: number;
  /** Who has it open now. */
  presence: Person[];
}

export interface PresenceEvent {
  resumeId: string;
  users: Person[];
}

export interface EditedEvent {
  resumeId: string;
  by: Person | null;
  at: string;
}

export const coachApi = {
  dashboard: () => request<{ resumes: DashboardResume[] }>('GET', '/api/coach/dashboard'),
  /** One row again ([] when it is no longer shared with me). */
  dashboardRow: (resumeId: string) =>
    request<{ resumes: DashboardResume[] }>('GET', `/api/coach/dashboard?resume=${encodeURIComponent(resumeId)}`),
  summary: () => request<{ resumes: number; clients: number }>('GET', '/api/coach/summary'),
};
