// Hand-written word lists for the bullet checks: verbs that open a strong bullet, and phrases
// that make one weak. Verbs are lemmas ("led" is checked as "lead").

export const ACTION_VERBS: ReadonlySet<string> = new Set([
  'accelerate', 'accomplish', 'achieve', 'acquire', 'adapt', 'administer', 'advise', 'advocate', 'align', 'analyze',
  'analyse', 'architect', 'arrange', 'assemble', 'assess', 'audit', 'author', 'automate', 'boost', 'build', 'calculate',
  'champion', 'chair', 'clarify', 'coach', 'code', 'collaborate', 'compile', 'complete', 'compose', 'conceive',
  'conduct', 'configure', 'consolidate', 'construct', 'consult', 'contribute', 'convert', 'coordinate', 'create',
  'cultivate', 'curate', 'cut', 'debug', 'decrease', 'define', 'deliver', 'demonstrate', 'deploy', 'design', 'develop',
  'devise', 'diagnose', 'direct', 'discover', 'document', 'double', 'draft', 'drive', 'earn', 'edit', 'educate',
  'eliminate', 'enable', 'engineer', 'enhance', 'establish', 'evaluate', 'execute', 'expand', 'expedite', 'facilitate',
  'forecast', 'formulate', 'found', 'generate', 'grow', 'guide', 'halve', 'handle', 'head', 'hire', 'identify',
  'implement', 'improve', 'increase', 'influence', 'initiate', 'innovate', 'inspect', 'install', 'instruct', 'integrate',
  'interview', 'introduce', 'invent', 'investigate', 'launch', 'lead', 'leverage', 'lower', 'maintain', 'manage',
  'map', 'market', 'maximize', 'measure', 'mentor', 'merge', 'migrate', 'minimize', 'model', 'moderate', 'modernize',
  'monitor', 'motivate', 'negotiate', 'optimize', 'optimise', 'orchestrate', 'organize', 'organise', 'originate',
  'overhaul', 'oversee', 'partner', 'persuade', 'pilot', 'pioneer', 'plan', 'present', 'prioritize', 'produce',
  'program', 'promote', 'propose', 'prototype', 'publish', 'raise', 'rebuild', 'recommend', 'recruit', 'redesign',
  'reduce', 'refactor', 'refine', 'reorganize', 'replace', 'research', 'resolve', 'restructure', 'revamp', 'review',
  'revise', 'run', 'save', 'scale', 'schedule', 'secure', 'select', 'ship', 'simplify', 'solve', 'spearhead',
  'standardize', 'streamline', 'strengthen', 'structure', 'supervise', 'support', 'surpass', 'teach', 'test', 'track',
  'train', 'transform', 'translate', 'triple', 'troubleshoot', 'unify', 'upgrade', 'validate', 'win', 'write',
]);

/** Phrases that describe duties instead of results, or say nothing. Matched case-insensitively. */
export const WEAK_PHRASES: readonly string[] = [
  'responsible for', 'duties included', 'duties include', 'helped with', 'helped to', 'assisted with', 'assisted in',
  'worked on', 'tasked with', 'involved in', 'participated in', 'in charge of', 'was part of', 'various', 'etc.',
  'hard worker', 'hard-working', 'hardworking', 'go-getter', 'think outside the box', 'synergy', 'results-driven',
  'dynamic individual', 'references available upon request',
];
