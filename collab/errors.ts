// Errors raised by the resume document model.
// Each carries a stable code so callers branch on codes, never on message text.

export type CollabErrorCode =
  | 'invalid_json'
  | 'doc_not_empty'
  | 'field_not_text'
  | 'field_not_list'
  | 'section_not_list'
  | 'section_not_object'
  | 'unknown_section'
  | 'unknown_template'
  | 'index_out_of_range';

export class CollabError extends Error {
  readonly code: CollabErrorCode;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: CollabErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'CollabError';
    this.code = code;
    this.context = context;
  }
}
