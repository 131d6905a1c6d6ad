-- The first schema: accounts and sessions, resumes with their members and invitations,
-- collab tokens, and each resume's Yjs update log with its compacted snapshot.

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  username      text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- Both compare case-insensitively; db/users.ts maps these index names to the field taken.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE resumes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resumes_owner_id_idx ON resumes (owner_id);

CREATE TABLE resume_members (
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resume_id, user_id)
);
CREATE INDEX resume_members_user_id_idx ON resume_members (user_id);

CREATE TABLE invitations (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  role       text NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
  created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  max_uses   integer CHECK (max_uses IS NULL OR max_uses > 0),
  uses       integer NOT NULL DEFAULT 0,
  revoked_at timestamptz
);
CREATE INDEX invitations_resume_id_idx ON invitations (resume_id);

CREATE TABLE collab_tokens (
  token_hash text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX collab_tokens_expires_at_idx ON collab_tokens (expires_at);

CREATE TABLE resume_updates (
  id         bigserial PRIMARY KEY,
  resume_id  uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  data       bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resume_updates_resume_id_id_idx ON resume_updates (resume_id, id);

CREATE TABLE resume_snapshots (
  resume_id  uuid PRIMARY KEY REFERENCES resumes (id) ON DELETE CASCADE,
  data       bytea NOT NULL,
  -- The last resume_updates.id folded into data; load() reads only the rows after it.
  upto_id    bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
