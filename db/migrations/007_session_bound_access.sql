-- Logout ends what a session opened: collab tokens belong to the session they were issued under
-- (gone with it), and a member remembers the invitation link they came in through, so removing
-- them can revoke a link that is still open.
ALTER TABLE collab_tokens ADD COLUMN session_hash text REFERENCES sessions (token_hash) ON DELETE CASCADE;
CREATE INDEX collab_tokens_session_hash_idx ON collab_tokens (session_hash);

ALTER TABLE resume_members ADD COLUMN invitation_id uuid REFERENCES invitations (id) ON DELETE SET NULL;
