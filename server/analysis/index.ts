// Resume analysis: the offline analyzer (deterministic score with evidence) and the LLM layer
// that explains it and proposes rewrites. The lead wires scheduling, caching and endpoints.

export { analyze, warmUpAnalyzer, type AnalyzeInput, type AnalyzeOptions } from './analyze.ts';
export {
  ANALYZER_VERSION,
  analysisReport,
  resumeEvidence,
  jobEvidence,
  matchedTerm,
  missingTerm,
  check,
  breakdownPart,
  CHECK_IDS,
  BREAKDOWN_IDS,
  EDUCATION_LEVELS,
  type AnalysisReport,
  type ResumeEvidence,
  type JobEvidence,
  type MatchedTerm,
  type MissingTerm,
  type Check,
  type CheckId,
  type BreakdownPart,
  type BreakdownId,
  type EducationLevel,
} from './report.ts';
export { vocabulary, Vocabulary, SKILL_KINDS, type Skill, type SkillKind, type SkillHit } from './vocabulary.ts';
export { parseJobDescription, type ParsedJob, type JobSentence, type JobTerm } from './job.ts';
export { readResume, type ResumeInput, type ResumeModel } from './resume.ts';
export {
  explainWithLlm,
  llmAnswer,
  DEFAULT_FAST_MODEL,
  DEFAULT_FULL_MODEL,
  PLAIN_TEXT_ITEM,
  type LlmOptions,
  type LlmRequest,
  type LlmResult,
  type LlmRewrite,
  type LlmUsage,
  type LlmExplanation,
  type FallbackReason,
} from './llm.ts';
export { redactorFor, redactContacts, type Redactor } from './redact.ts';
