-- Analyses of resumes against their job description, and AI usage per user and day.

CREATE TABLE analyses (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resume_id         uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  -- Who asked; NULL for the automatic runs that follow edits.
  requested_by      uuid REFERENCES users (id) ON DELETE SET NULL,
  trigger           text NOT NULL CHECK (trigger IN ('auto', 'explicit')),
  content_hash      text NOT NULL,
  score             integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  report            jsonb NOT NULL,
  provider          text NOT NULL,
  model             text,
  status            text NOT NULL,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  analyzer_version  text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analyses_resume_created_idx ON analyses (resume_id, created_at DESC);

CREATE TABLE ai_usage (
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day               date NOT NULL,
  analyses          integer NOT NULL DEFAULT 0,
  llm_calls         integer NOT NULL DEFAULT 0,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, day)
);
