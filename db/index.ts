// The data layer's public face: openStore picks node-postgres (DATABASE_URL given) or PGlite in
// the data folder, brings the schema up to date and hands back the repositories.
import { join } from 'node:path';
import type { Database, Store, StoreOptions } from './types.ts';
import { dbLog } from './log.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { usersRepo } from './users.ts';
import { sessionsRepo } from './sessions.ts';
import { resumesRepo } from './resumes.ts';
import { membersRepo } from './members.ts';
import { invitationsRepo } from './invitations.ts';
import { collabTokensRepo } from './collab-tokens.ts';
import { updateLogRepo } from './update-log.ts';
import { analysesRepo } from './analyses.ts';
import { aiUsageRepo } from './ai-usage.ts';
import { publicLinksRepo } from './public-links.ts';
import { activityRepo } from './activity.ts';
import { notificationsRepo } from './notifications.ts';
import { commentsRepo } from './comments.ts';
import { suggestionsRepo } from './suggestions.ts';
import { dashboardRepo } from './dashboard.ts';
import { versionsRepo } from './versions.ts';

export * from './types.ts';
export { onPrimary } from './consistency.ts';
export type { DashboardEntry, DashboardRepo } from './dashboard.ts';
export type { CommentRow, CommentsRepo, PersonRef } from './comments.ts';
export type { SuggestionRow, SuggestionsRepo, SuggestionStatus, SuggestionSource } from './suggestions.ts';

export async function openStore(
  opts: StoreOptions,
  log?: { info(o: object, msg: string): void; warn?(o: object, msg: string): void },
): Promise<Store> {
  const dbl = dbLog(log);
  const db = opts.databaseUrl
    ? await openPostgres({ url: opts.databaseUrl, readUrl: opts.databaseReadUrl, log: dbl })
    : await openPglite(join(opts.dataDir, 'pglite'));
  try {
    await migrate(db.primary, dbl);
  } catch (err) {
    await db.close();
    throw err;
  }
  dbl.info({ kind: db.kind, replica: db.replica !== db.primary }, 'database ready');
  return storeOn(db);
}

/** The repositories over an open database. */
export function storeOn(db: Database): Store {
  return {
    db,
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    resumes: resumesRepo(db),
    members: membersRepo(db),
    invitations: invitationsRepo(db),
    collabTokens: collabTokensRepo(db),
    updateLog: updateLogRepo(db),
    analyses: analysesRepo(db),
    aiUsage: aiUsageRepo(db),
    publicLinks: publicLinksRepo(db),
    activity: activityRepo(db),
    notifications: notificationsRepo(db),
    comments: commentsRepo(db),
    suggestions: suggestionsRepo(db),
    dashboard: dashboardRepo(db),
    versions: versionsRepo(db),
  };
}
