// What every export shares: the resume as it prints — laid out from the live document with hidden
// items and sections left out, as the preview shows it — and the template, paper and file name
// a request asks for.
import type * as Y from 'yjs';
import { exportJsonResume, getTemplateById, layoutResume, readSettings, TEMPLATES, type ResumeLayout } from '../../collab/index.ts';
import { AppError } from '../errors.ts';
import { wellFormed } from '../http/sanitize.ts';
import { PAPERS, type Paper } from './pdf.ts';

/** The printed layout of a resume document, in its own template unless another is named. */
export function printedLayout(doc: Y.Doc, template?: string): ResumeLayout {
  const settings = readSettings(doc);
  const resume = drawable(exportJsonResume(doc, { omitHidden: true }));
  return layoutResume(resume, { ...settings, template: template ?? settings.template });
}

/** Text typed over /collab is not checked per keystroke, so a lone surrogate or a NUL may be in
 *  the document: the PDF shows U+FFFD for the one and drops the other, rather than failing. */
export function drawable<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => drawable(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, drawable(v)])) as T;
  }
  return value;
}

type Query = Record<string, string | string[] | undefined>;

/** `?template=ID`: a template of the catalogue, or undefined for the resume's own. */
export function templateParam(query: Query): string | undefined {
  const template = typeof query.template === 'string' && query.template !== '' ? query.template : undefined;
  if (template !== undefined && !getTemplateById(template)) {
    throw new AppError(400, 'bad_request', `unknown template "${template}"; use one of ${TEMPLATES.map((t) => t.id).join(', ')}`);
  }
  return template;
}

/** `?paper=a4|letter`, A4 when absent. */
export function paperParam(query: Query): Paper {
  const paper = typeof query.paper === 'string' && query.paper !== '' ? query.paper.toLowerCase() : 'a4';
  if (!isPaper(paper)) throw new AppError(400, 'bad_request', `unknown paper "${paper}"; use a4 or letter`);
  return paper;
}

function isPaper(value: string): value is Paper {
  return Object.hasOwn(PAPERS, value);
}

/** `attachment` with an ASCII fallback name and the title itself in RFC 5987 form. */
export function attachment(title: string, extension: string): string {
  const clean = wellFormed(title).trim(); // encodeURIComponent throws on a lone surrogate
  const base = clean === '' ? 'resume' : clean;
  const ascii = base.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'resume';
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${base}.${extension}`)}`;
}
