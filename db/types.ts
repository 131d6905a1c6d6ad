// The data-access layer's public types: one small SQL seam with two implementations
// (node-postgres pools, PGlite) and the repositories written once on top of it.
import type { DashboardRepo } from './dashboard.ts';
import type { CommentsRepo } from './comments.ts';
import type { SuggestionsRepo } from './suggestions.ts';

/** A connection or pool that runs parameterized SQL ($1, $2 …). */
export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs fn inside BEGIN/COMMIT on one connection; rolls back if fn throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface Database {
  /** Writes, and reads that must see this node's own writes. */
  readonly primary: Sql;
  /** Read-only queries that tolerate replica lag; the primary when no replica is configured. */
  readonly replica: Sql;
  readonly kind: 'pglite' | 'postgres';
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'editor', 'commenter', 'viewer'];
/** Roles whose document updates the server accepts. */
export const WRITER_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'editor']);

export interface User {
  id: string;
  email: string;
  username: string;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  userId: string;
  expiresAt: Date;
}

export interface ResumeRow {
  id: string;
  ownerId: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ResumeListEntry {
  id: string;
  title: string;
  role: Role;
  owner: { id: string; username: string };
  updatedAt: Date;
}

export interface Member {
  userId: string;
  username: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export interface Invitation {
  id: string;
  resumeId: string;
  role: Exclude<Role, 'owner'>;
  expiresAt: Date;
  maxUses: number | null;
  uses: number;
  createdAt: Date;
}

/** What a room loads: the compacted snapshot (if any) and the update rows after it. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

export interface UpdateRow {
  resumeId: string;
  data: Uint8Array;
  /** Who made the last of these edits (a connection's person, or the person a server-side edit
   *  was made for); null or absent for updates another node relayed (that node attributes them). */
  editedBy?: string | null;
}

/** Thrown by create calls that hit a unique constraint; `field` names which one. */
export class UniqueViolation extends Error {
  override name = 'UniqueViolation';
  constructor(readonly field: string) {
    super(`${field} already taken`);
  }
}

export interface UsersRepo {
  /** Throws UniqueViolation('email' | 'username'); both compare case-insensitively. */
  create(input: { email: string; username: string; passwordHash: string }): Promise<User>;
  findByEmail(email: string): Promise<UserWithPassword | null>;
  findById(id: string): Promise<User | null>;
}

export interface SessionsRepo {
  create(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
  /** Null when unknown or expired. */
  find(tokenHash: string): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  deleteExpired(): Promise<number>;
  /** Which of these sessions still exist and have not expired (the live sockets' sweep). */
  alive(tokenHashes: readonly string[]): Promise<Set<string>>;
}

export interface ResumesRepo {
  /** Inserts the resume, the owner's membership and the initial snapshot in one transaction. */
  create(input: { ownerId: string; title: string; snapshot: Uint8Array }): Promise<ResumeRow>;
  get(id: string): Promise<ResumeRow | null>;
  /** The user's role on the resume, or null when not a member (or no such resume). */
  roleOf(resumeId: string, userId: string): Promise<Role | null>;
  listFor(userId: string): Promise<{ owned: ResumeListEntry[]; shared: ResumeListEntry[] }>;
  rename(id: string, title: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface MembersRepo {
  list(resumeId: string): Promise<Member[]>;
  upsert(resumeId: string, userId: string, role: Role): Promise<void>;
  /** The removed membership (with the invitation it came in through, if any), or null when there
   *  was none. The owner's membership cannot be removed here. */
  remove(resumeId: string, userId: string): Promise<{ invitationId: string | null } | null>;
  /** Every membership of these resumes, keyed `${resumeId}:${userId}` (the live sockets' sweep). */
  rolesIn(resumeIds: readonly string[]): Promise<Map<string, Role>>;
}

export type AcceptResult =
  /** `changed`: the membership was created or raised (false when a role at least as strong was held). */
  | { ok: true; resumeId: string; role: Role; changed: boolean }
  | { ok: false; reason: 'not_found' | 'expired' | 'used_up' };

export interface InvitationsRepo {
  create(input: {
    resumeId: string;
    tokenHash: string;
    role: Exclude<Role, 'owner'>;
    createdBy: string;
    expiresAt: Date;
    maxUses: number | null;
  }): Promise<Invitation>;
  /** Atomically counts a use and adds the member; an existing membership is never downgraded. */
  accept(tokenHash: string, userId: string): Promise<AcceptResult>;
  /** Links that still work (not revoked, expired or used up), newest first. */
  listActive(resumeId: string): Promise<Invitation[]>;
  /** True when a working link of this resume was revoked. */
  revoke(resumeId: string, invitationId: string): Promise<boolean>;
}

export interface CollabTokensRepo {
  /** `sessionHash`: the session it was issued under; the token dies with it (logout). */
  create(tokenHash: string, userId: string, resumeId: string, expiresAt: Date, sessionHash?: string | null): Promise<void>;
  /** Null when unknown or expired. */
  find(tokenHash: string): Promise<{ userId: string; resumeId: string; sessionHash: string | null } | null>;
}

export interface UpdateLogRepo {
  load(resumeId: string): Promise<StoredDocument>;
  /** Group commit: one INSERT for the batch; bumps each resume's updated_at and, in the same
   *  statement, its last_edited_by (the batch's last attributed row wins); rows of deleted
   *  resumes are dropped silently. */
  append(rows: readonly UpdateRow[]): Promise<void>;
  /** Folds snapshot + log into one snapshot row under a per-resume advisory lock. */
  compact(resumeId: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<{ folded: number }>;
}

export type AnalysisTrigger = 'auto' | 'explicit';

export interface AnalysisRow {
  id: string;
  resumeId: string;
  requestedBy: string | null;
  trigger: AnalysisTrigger;
  /** Hash of what was analysed (resume text, job description, analyzer version). */
  contentHash: string;
  score: number;
  /** The report as the API serves it; its shape belongs to server/analysis. */
  report: unknown;
  provider: string;
  model: string | null;
  status: string;
  promptTokens: number;
  completionTokens: number;
  analyzerVersion: string;
  createdAt: Date;
}

export type NewAnalysis = Omit<AnalysisRow, 'id' | 'createdAt'>;

export interface AnalysesRepo {
  insert(analysis: NewAnalysis): Promise<AnalysisRow>;
  latest(resumeId: string): Promise<AnalysisRow | null>;
  /** One analysis of the resume; null when the id names none of its analyses. */
  get(resumeId: string, id: string): Promise<AnalysisRow | null>;
  /** The latest score of each resume that has one (read from the replica). */
  latestScores(resumeIds: readonly string[]): Promise<Map<string, number>>;
  /** Newest first, at most `limit`, without the reports. */
  history(resumeId: string, limit: number): Promise<Array<Pick<AnalysisRow, 'id' | 'score' | 'trigger' | 'provider' | 'createdAt'>>>;
}

export interface AiUsageDay {
  day: string;
  analyses: number;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface AiUsageRepo {
  /** Adds to the user's counters for today (UTC). */
  record(userId: string, usage: { analyses: number; llmCalls: number; promptTokens: number; completionTokens: number }): Promise<void>;
  /** Today's counters (UTC), zero when nothing was recorded. */
  today(userId: string): Promise<AiUsageDay>;
  /** The last `days` days that have usage, newest first. */
  recent(userId: string, days: number): Promise<AiUsageDay[]>;
}

export interface ActivityEntry {
  id: string;
  resumeId: string;
  actor: { id: string; username: string } | null;
  /** The member the entry is about when `data.userId` names one (a role change, a removal). */
  subject: { id: string; username: string } | null;
  /** joined, left, role_changed, version_restored, exported, ... */
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface ActivityRepo {
  record(entry: { resumeId: string; actorId: string | null; kind: string; data?: Record<string, unknown> }): Promise<void>;
  /** Newest first; `before` is an entry id for paging. */
  list(resumeId: string, opts: { limit: number; before?: string }): Promise<ActivityEntry[]>;
}

export interface NotificationRow {
  id: string;
  userId: string;
  /** comment, reply, mention, suggestion, suggestion_accepted, suggestion_rejected, access_granted, access_removed */
  kind: string;
  resume: { id: string; title: string } | null;
  actor: { id: string; username: string } | null;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationsRepo {
  /** One row per user; returns them as listed. */
  create(input: {
    userIds: readonly string[];
    kind: string;
    resumeId: string | null;
    actorId: string | null;
    data?: Record<string, unknown>;
  }): Promise<NotificationRow[]>;
  /** Newest first; `before` is a createdAt for paging. */
  list(userId: string, opts: { limit: number; before?: Date }): Promise<NotificationRow[]>;
  unreadCount(userId: string): Promise<number>;
  /** Marks the given ones (or all) read; returns how many changed. */
  markRead(userId: string, ids?: readonly string[]): Promise<number>;
}

export type VersionKind = 'named' | 'auto' | 'before_accept_all' | 'before_restore';

/** A version as lists show it (without the snapshot bytes). */
export interface ResumeVersion {
  id: string;
  resumeId: string;
  /** A person's name for it; null for automatic ones. */
  name: string | null;
  kind: VersionKind;
  createdBy: { id: string; username: string } | null;
  createdAt: Date;
  /** Bytes of the snapshot. */
  size: number;
}

export interface StoredVersion extends ResumeVersion {
  /** A full Y.encodeStateAsUpdate of the resume document at that moment. */
  data: Uint8Array;
}

export interface VersionsRepo {
  create(input: { resumeId: string; kind: VersionKind; name: string | null; data: Uint8Array; createdBy: string | null }): Promise<ResumeVersion>;
  /** Newest first, without the bytes; `before` is the last id of the previous page. */
  list(resumeId: string, opts: { limit: number; before?: string }): Promise<ResumeVersion[]>;
  get(resumeId: string, versionId: string): Promise<StoredVersion | null>;
  latest(resumeId: string): Promise<StoredVersion | null>;
  /** When the newest version was taken, or the resume created if it has none (null: no such
   *  resume): the automatic versions' cheap check. */
  newestAt(resumeId: string): Promise<Date | null>;
  /** Replaces a version's snapshot (a before-restore version brought up to the exact moment). */
  replaceData(versionId: string, data: Uint8Array): Promise<void>;
}

export interface Store {
  readonly db: Database;
  readonly users: UsersRepo;
  readonly sessions: SessionsRepo;
  readonly resumes: ResumesRepo;
  readonly members: MembersRepo;
  readonly invitations: InvitationsRepo;
  readonly collabTokens: CollabTokensRepo;
  readonly updateLog: UpdateLogRepo;
  readonly analyses: AnalysesRepo;
  readonly aiUsage: AiUsageRepo;
  readonly publicLinks: import('./public-links.ts').PublicLinksRepo;
  readonly activity: ActivityRepo;
  readonly notifications: NotificationsRepo;
  readonly comments: CommentsRepo;
  readonly suggestions: SuggestionsRepo;
  readonly dashboard: DashboardRepo;
  readonly versions: VersionsRepo;
}

export interface StoreOptions {
  databaseUrl?: string | undefined;
  databaseReadUrl?: string | undefined;
  /** PGlite keeps its files in `${dataDir}/pglite` when no DATABASE_URL is given. */
  dataDir: string;
}
