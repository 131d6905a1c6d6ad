// "Last edit, and by whom", told live: once the update log has committed a person's edit, the
// resume's socket.io room hears `edited`, at most once per resume and window (5 s): the first edit
// of a burst at once, the last one when the window ends. Each node tells the edits it wrote.
import type { Logger } from '../log.ts';
import type { UserNames } from './user-names.ts';

export interface EditedEvent {
  resumeId: string;
  by: { id: string; username: string } | null;
  at: string;
}

export const EDITED_WINDOW_MS = 5000;

interface Window {
  timer: NodeJS.Timeout;
  /** The latest edit since the window opened, told when it closes. */
  pending: { userId: string; at: Date } | null;
}

export class EditedNotices {
  private readonly windows = new Map<string, Window>();
  private readonly log: Logger;

  constructor(
    private readonly deps: { names: Pick<UserNames, 'get'>; emit: (event: EditedEvent) => void; log: Logger; windowMs?: number },
  ) {
    this.log = deps.log.child({ component: 'edited' });
  }

  /** The update log wrote these resumes' edits just now. */
  note(edits: ReadonlyArray<{ resumeId: string; editedBy: string }>): void {
    const at = new Date();
    for (const { resumeId, editedBy } of edits) {
      const open = this.windows.get(resumeId);
      if (open) {
        open.pending = { userId: editedBy, at };
        continue;
      }
      this.tell(resumeId, editedBy, at);
      this.open(resumeId);
    }
  }

  /** Drops what is pending (shutdown). */
  close(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }

  private open(resumeId: string): void {
    const timer = setTimeout(() => {
      const pending = this.windows.get(resumeId)?.pending;
      this.windows.delete(resumeId);
      if (!pending) return;
      this.tell(resumeId, pending.userId, pending.at);
      this.open(resumeId);
    }, this.deps.windowMs ?? EDITED_WINDOW_MS);
    timer.unref();
    this.windows.set(resumeId, { timer, pending: null });
  }

  private tell(resumeId: string, userId: string, at: Date): void {
    this.deps.names.get([userId]).then(
      (names) => {
        const username = names.get(userId);
        this.deps.emit({ resumeId, by: username === undefined ? null : { id: userId, username }, at: at.toISOString() });
      },
      (err: unknown) => this.log.warn({ err, resume: resumeId }, 'could not tell an edit'),
    );
  }
}
