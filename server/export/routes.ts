// Exports of a resume: PDF (`/pdf?template=ID&paper=a4|letter`), Markdown (`/export.md`) and plain
// text (`/export.txt`). Any member may export; the live document is read as `/json` reads it.
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import { createResumeDoc, getTemplateById, layoutResume, exportJsonResume, readSettings, TEMPLATES, type ResumeLayout } from '../../collab/index.ts';
import type { Store } from '../../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { param } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import type { CollabControl } from '../resumes/routes.ts';
import { importPdf } from './import-pdf.ts';
import { PAPERS, renderLayoutPdf, type Paper } from './pdf.ts';
import { layoutToMarkdown, layoutToText } from './text.ts';

/** `attachment` with an ASCII fallback name and the title itself in RFC 5987 form. */
export function attachment(title: string, extension: string): string {
  const base = title.trim() === '' ? 'resume' : title.trim();
  const ascii = base.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'resume';
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${base}.${extension}`)}`;
}

/** The largest PDF `POST /api/resumes/import-pdf` reads. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The raw request body, refused with 413 past `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new AppError(413, 'payload_too_large', `the PDF is larger than ${limit / 1024 / 1024} MiB`);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function exportRoutes(deps: { store: Store; collab: Pick<CollabControl, 'readDocument'> }): ApiRouter {
  const { store, collab } = deps;
  const router = createRouter();

  /** The resume's layout in a template (its own unless asked for another), and its title. */
  async function load(id: string, userId: string, template?: string): Promise<{ layout: ResumeLayout; title: string }> {
    await requireRole(store, id, userId, CAN.read);
    const row = await store.resumes.get(id);
    if (!row) throw notFound('resume');
    const doc = await collab.readDocument(id);
    const settings = readSettings(doc);
    const layout = layoutResume(exportJsonResume(doc), { ...settings, template: template ?? settings.template });
    return { layout, title: row.title };
  }

  router.get('/api/resumes/:id/pdf', async (ctx) => {
    const user = requireUser(ctx);
    const template = typeof ctx.query.template === 'string' && ctx.query.template !== '' ? ctx.query.template : undefined;
    if (template !== undefined && !getTemplateById(template)) {
      throw new AppError(400, 'bad_request', `unknown template "${template}"; use one of ${TEMPLATES.map((t) => t.id).join(', ')}`);
    }
    const paperQuery = typeof ctx.query.paper === 'string' && ctx.query.paper !== '' ? ctx.query.paper.toLowerCase() : 'a4';
    if (!(paperQuery in PAPERS)) throw new AppError(400, 'bad_request', `unknown paper "${paperQuery}"; use a4 or letter`);
    const { layout, title } = await load(param(ctx, 'id'), user.id, template);
    const { pdf, pages } = await renderLayoutPdf(layout, { paper: paperQuery as Paper, title });
    ctx.set('X-Page-Count', String(pages));
    ctx.set('Access-Control-Expose-Headers', 'X-Page-Count');
    ctx.set('Content-Disposition', attachment(title, 'pdf'));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });

  router.get('/api/resumes/:id/export.md', async (ctx) => {
    const user = requireUser(ctx);
    const { layout, title } = await load(param(ctx, 'id'), user.id);
    ctx.set('Content-Disposition', attachment(title, 'md'));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'text/markdown; charset=utf-8';
    ctx.body = layoutToMarkdown(layout);
  });

  router.get('/api/resumes/:id/export.txt', async (ctx) => {
    const user = requireUser(ctx);
    const { layout, title } = await load(param(ctx, 'id'), user.id);
    ctx.set('Content-Disposition', attachment(title, 'txt'));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = layoutToText(layout);
  });

  router.post('/api/resumes/import-pdf', async (ctx) => {
    const user = requireUser(ctx);
    if (!ctx.is('application/pdf')) throw new AppError(400, 'bad_request', 'send the PDF itself as the body, with Content-Type: application/pdf');
    const bytes = await readBody(ctx.req, MAX_IMPORT_BYTES);
    if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) throw new AppError(400, 'bad_request', 'the body is not a PDF file');
    let jsonResume;
    try {
      jsonResume = await importPdf(bytes);
    } catch (err) {
      ctx.state.log.info({ err }, 'pdf import failed');
      throw new AppError(400, 'bad_request', 'this PDF could not be read; is it a scanned image without text?');
    }
    const name = (jsonResume.basics as { name?: unknown } | undefined)?.name;
    const title = `${typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 150) : 'Resume'} (imported from PDF)`;
    const doc = createResumeDoc(jsonResume);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const template = readSettings(doc).template;
    doc.destroy();
    const row = await store.resumes.create({ ownerId: user.id, title, snapshot });
    ctx.state.log.info({ resume: row.id }, 'resume imported from pdf');
    ctx.status = 201;
    ctx.body = { ...row, role: 'owner', template, jsonResume };
  });

  return router;
}
