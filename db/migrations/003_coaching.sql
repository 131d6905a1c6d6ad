-- Coaching: comments and suggestions anchored in the document, versions built from snapshot
-- rows, in-app notifications, the per-resume activity log, and who edited a resume last.

-- A thread is a root comment (anchor set) and its replies (thread_id = the root's id).
-- anchor (roots only): {"kind":"span","path":[...],"start":"<b64 relpos>","end":"<b64 relpos>","quote":"..."}
-- or {"kind":"item","section":"work","itemId":"..."}; a span whose text was deleted is
-- shown as detached by whoever resolves it, the row stays.
CREATE TABLE comments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id   uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  thread_id   uuid REFERENCES comments (id) ON DELETE CASCADE,
  author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  body        text NOT NULL,
  mentions    uuid[] NOT NULL DEFAULT '{}',
  anchor      jsonb,
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((thread_id IS NULL) = (anchor IS NOT NULL))
);
CREATE INDEX comments_resume_idx ON comments (resume_id, created_at);
CREATE INDEX comments_thread_idx ON comments (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX comments_open_idx ON comments (resume_id) WHERE thread_id IS NULL AND resolved_at IS NULL;

-- A proposed replacement of a span of one field; accepting applies it as an ordinary Yjs edit.
CREATE TABLE suggestions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id   uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  author_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  -- 'person' or 'ai' (a rewrite from the analysis, proposed on behalf of author_id)
  source      text NOT NULL DEFAULT 'person' CHECK (source IN ('person', 'ai')),
  anchor      jsonb NOT NULL,
  original    text NOT NULL,
  replacement text NOT NULL,
  reason      text,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  decided_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX suggestions_resume_idx ON suggestions (resume_id, created_at);
CREATE INDEX suggestions_pending_idx ON suggestions (resume_id) WHERE status = 'pending';

-- A version is a full snapshot (Y.encodeStateAsUpdate) kept apart from the update log, so Yjs
-- garbage collection stays on. kind: named (a person named it), auto (hourly while edited),
-- before_accept_all, before_restore.
CREATE TABLE resume_versions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  name       text,
  kind       text NOT NULL CHECK (kind IN ('named', 'auto', 'before_accept_all', 'before_restore')),
  data       bytea NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resume_versions_resume_idx ON resume_versions (resume_id, created_at DESC);

CREATE TABLE notifications (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL,
  resume_id  uuid REFERENCES resumes (id) ON DELETE CASCADE,
  actor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  data       jsonb NOT NULL DEFAULT '{}',
  read_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- What happened to a resume, for its owner: joined, left, role_changed, version_restored,
-- exported, ...
CREATE TABLE resume_activity (
  id         bigserial PRIMARY KEY,
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  actor_id   uuid REFERENCES users (id) ON DELETE SET NULL,
  kind       text NOT NULL,
  data       jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resume_activity_resume_idx ON resume_activity (resume_id, id DESC);

-- Who typed last (set by the update log's group commit from the connection that sent the edit).
ALTER TABLE resumes ADD COLUMN last_edited_by uuid REFERENCES users (id) ON DELETE SET NULL;
