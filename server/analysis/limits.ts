// How much text an analysis takes: about ten pages of resume and a long job posting. Beyond that
// it is not a resume to score, and the analyzer's time would grow with it.
export const MAX_RESUME_CHARS = 100_000;
export const MAX_JOB_CHARS = 50_000;
