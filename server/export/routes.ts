// Exports of a resume: PDF (`/pdf?template=ID&paper=a4|letter`), its page count (`/pages`),
// Markdown (`/export.md`) and plain text (`/export.txt`). Any member may export; the live document
// is read as `/json` reads it, and printed as the preview shows it (hidden items left out).
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import { createResumeDoc, readSettings, type ResumeLayout } from '../../collab/index.ts';
import type { Store } from '../../db/types.ts';
import { spend, type RateLimit } from '../limits/index.ts';
import { AppError, notFound } from '../errors.ts';
import { createRouter, type ApiRouter } from '../http/router.ts';
import { param } from '../http/validate.ts';
import { requireUser } from '../auth/routes.ts';
import { CAN, requireRole } from '../resumes/access.ts';
import type { CollabControl } from '../resumes/routes.ts';
import { importPdf } from './import-pdf.ts';
import { countLayoutPages, renderLayoutPdf } from './pdf.ts';
import { attachment, paperParam, printedLayout, templateParam } from './printed.ts';
import { layoutToMarkdown, layoutToText } from './text.ts';

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

/** `pdfQuota`: PDF renders per person (the costliest export); none means unlimited. */
export function exportRoutes(deps: { store: Store; collab: Pick<CollabControl, 'readDocument'>; pdfQuota?: RateLimit }): ApiRouter {
  const { store, collab } = deps;
  const router = createRouter();

  /** The resume's printed layout in a template (its own unless asked for another), and its title. */
  async function load(id: string, userId: string, template?: string): Promise<{ layout: ResumeLayout; title: string }> {
    await requireRole(store, id, userId, CAN.read);
    const row = await store.resumes.get(id);
    if (!row) throw notFound('resume');
    const doc = await collab.readDocument(id);
    try {
      return { layout: printedLayout(doc, template), title: row.title };
    } finally {
      doc.destroy();
    }
  }

  /** Downloads go to the owner's activity log (the page count and previews do not). */
  const exported = (resumeId: string, userId: string, format: string) =>
    store.activity.record({ resumeId, actorId: userId, kind: 'exported', data: { format } });

  router.get('/api/resumes/:id/pdf', async (ctx) => {
    const user = requireUser(ctx);
    const template = templateParam(ctx.query);
    const paper = paperParam(ctx.query);
    const { layout, title } = await load(param(ctx, 'id'), user.id, template);
    if (deps.pdfQuota) await spend(deps.pdfQuota, user.id, 'too many PDF exports');
    const { pdf, pages } = await renderLayoutPdf(layout, { paper, title });
    await exported(param(ctx, 'id'), user.id, 'pdf');
    ctx.set('X-Page-Count', String(pages));
    ctx.set('Access-Control-Expose-Headers', 'X-Page-Count');
    ctx.set('Content-Disposition', attachment(title, 'pdf'));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/pdf';
    ctx.body = pdf;
  });

  // What the editor shows while people type: the PDF's page count on each paper, from the same
  // typesetting without writing the file (a few milliseconds).
  router.get('/api/resumes/:id/pages', async (ctx) => {
    const user = requireUser(ctx);
    const { layout } = await load(param(ctx, 'id'), user.id, templateParam(ctx.query));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { template: layout.template.id, pages: { a4: countLayoutPages(layout, 'a4'), letter: countLayoutPages(layout, 'letter') } };
  });

  // The text exports: the printed layout as Markdown or plain text.
  const textExports = [
    { extension: 'md', format: 'markdown', type: 'text/markdown; charset=utf-8', render: layoutToMarkdown },
    { extension: 'txt', format: 'text', type: 'text/plain; charset=utf-8', render: layoutToText },
  ] as const;
  for (const { extension, format, type, render } of textExports) {
    router.get(`/api/resumes/:id/export.${extension}`, async (ctx) => {
      const user = requireUser(ctx);
      const { layout, title } = await load(param(ctx, 'id'), user.id);
      await exported(param(ctx, 'id'), user.id, format);
      ctx.set('Content-Disposition', attachment(title, extension));
      ctx.set('Cache-Control', 'private, no-store');
      ctx.type = type;
      ctx.body = render(layout);
    });
  }

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
