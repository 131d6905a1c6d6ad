-- Public links: at most one per resume, found by the SHA-256 hash of its token (the token itself
-- is never stored), with the views and downloads it has had. Turning a link off deletes its row,
-- so the token answers 404 at once; a new link gets a new token and counts from zero.

CREATE TABLE public_links (
  resume_id      uuid PRIMARY KEY REFERENCES resumes (id) ON DELETE CASCADE,
  -- Changes with every new token, so a client can tell whether the link it remembers is current.
  id             uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  token_hash     text NOT NULL UNIQUE,
  created_by     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  views          integer NOT NULL DEFAULT 0,
  downloads      integer NOT NULL DEFAULT 0,
  last_viewed_at timestamptz
);
