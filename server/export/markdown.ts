// The small Markdown of resume fields (summaries, highlights) for the exports: paragraphs, bullet
// and numbered lists, **bold**, *italic*, `code`, ~~strike~~ and [links](https://...). What the
// preview shows as formatting becomes styled runs here; the words are never changed.

export interface InlineRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly code?: boolean;
  readonly href?: string;
}

export type MarkdownBlock =
  | { readonly kind: 'paragraph'; readonly runs: readonly InlineRun[] }
  | { readonly kind: 'bullet'; readonly marker: string; readonly runs: readonly InlineRun[] };

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

/** Block Markdown as paragraphs and list items; single line breaks stay line breaks, as in the preview. */
export function parseMarkdownBlocks(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const bullet = /^([-*+•])\s+(.*)$/.exec(line);
    const numbered = /^(\d{1,3}[.)])\s+(.*)$/.exec(line);
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (bullet) blocks.push({ kind: 'bullet', marker: '•', runs: parseInline(bullet[2] ?? '') });
    else if (numbered) blocks.push({ kind: 'bullet', marker: numbered[1] ?? '', runs: parseInline(numbered[2] ?? '') });
    else if (heading) blocks.push({ kind: 'paragraph', runs: parseInline(heading[1] ?? '').map((r) => ({ ...r, bold: true })) });
    else blocks.push({ kind: 'paragraph', runs: parseInline(line.replace(/^>\s?/, '')) });
  }
  return blocks;
}

const INLINE = /\*\*(.+?)\*\*|__(.+?)__|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?!\w)|`([^`]+)`|~~(.+?)~~|\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)|\\([\\`*_{}[\]()#+\-.!~>])/g;

/** Inline Markdown as styled runs of plain text. */
export function parseInline(source: string, inherited: Omit<InlineRun, 'text'> = {}): InlineRun[] {
  const runs: InlineRun[] = [];
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const index = match.index;
    if (index > last) runs.push({ ...inherited, text: source.slice(last, index) });
    const [, bold1, bold2, italic1, italic2, code, strike, linkText, linkHref, escaped] = match;
    if (bold1 !== undefined || bold2 !== undefined) runs.push(...parseInline(bold1 ?? bold2 ?? '', { ...inherited, bold: true }));
    else if (italic1 !== undefined || italic2 !== undefined) runs.push(...parseInline(italic1 ?? italic2 ?? '', { ...inherited, italic: true }));
    else if (code !== undefined) runs.push({ ...inherited, text: code, code: true });
    else if (strike !== undefined) runs.push(...parseInline(strike, inherited));
    else if (linkText !== undefined) {
      const href = linkHref !== undefined && SAFE_LINK.test(linkHref) ? linkHref : undefined;
      runs.push(...parseInline(linkText, href ? { ...inherited, href } : inherited));
    } else if (escaped !== undefined) runs.push({ ...inherited, text: escaped });
    last = index + match[0].length;
  }
  if (last < source.length) runs.push({ ...inherited, text: source.slice(last) });
  return runs.filter((run) => run.text !== '');
}

/** The words of inline Markdown without its marks. */
export function inlinePlain(source: string): string {
  return parseInline(source).map((run) => run.text).join('');
}

/** Block Markdown as plain text, one line per paragraph or list item. */
export function markdownPlain(source: string): string {
  return parseMarkdownBlocks(source)
    .map((block) => (block.kind === 'bullet' ? `${block.marker === '•' ? '-' : block.marker} ` : '') + block.runs.map((r) => r.text).join(''))
    .join('\n');
}
