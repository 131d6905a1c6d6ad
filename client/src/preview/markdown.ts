// Markdown of the long resume fields (summaries, highlights) as safe HTML for the preview:
// parsed by marked, then sanitized by DOMPurify to the few tags a resume needs.

import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // A heading inside a field would break the page's h1–h3 outline: it reads as a bold line.
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
  },
});

// No headings, images, tables or raw HTML widgets; the text inside a removed tag is kept.
const ALLOWED_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'a', 'ul', 'ol', 'li', 'blockquote', 'sup', 'sub'];
const ALLOWED_ATTR = ['href', 'title'];
const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

let purifier: Purifier | undefined;

/** A private DOMPurify instance, so its link hook does not change sanitizing elsewhere in the app. */
function getPurifier(): Purifier {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_LINK.test(href)) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = instance;
  return instance;
}

/** Block Markdown (paragraphs, lists) for a summary, as sanitized HTML. */
export function markdownBlock(text: string): string {
  return sanitize(marked.parse(text, { async: false }));
}

/** Inline Markdown (emphasis, links, code) for one line such as a highlight, as sanitized HTML. */
export function markdownInline(text: string): string {
  return sanitize(marked.parseInline(text, { async: false }));
}

function sanitize(html: string): string {
  return getPurifier().sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR });
}
