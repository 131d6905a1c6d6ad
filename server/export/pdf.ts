// The resume as a PDF, drawn in pure JavaScript with pdfkit from the same layout the browser
// preview renders (collab/layout.ts), so both show the same content in the same order.
//
// Every line is a real text line (no images of text), set in Noto fonts from npm with Japanese
// behind them, ligatures off, and drawn in reading order: the header, then the columns in
// `readingOrder`, so text extraction and applicant tracking systems read what a person reads.
// Lines are measured and wrapped here, then placed on pages: a line never straddles a page
// break and a heading or an entry's title always has the line after it on the same page.

import PDFDocument from 'pdfkit';
import { layoutResume, readingOrder, type LayoutContact, type LayoutItem, type LayoutSection, type LayoutSettings, type ResumeLayout } from '../../collab/layout.ts';
import type { JsonResume } from '../../collab/schema.ts';
import { fontBytes, fontRuns, type FontFamily, type FontVariant } from './fonts.ts';
import { parseInline, parseMarkdownBlocks, type InlineRun } from './markdown.ts';

export type Paper = 'a4' | 'letter';
export const PAPERS: Readonly<Record<Paper, readonly [number, number]>> = {
  a4: [595.28, 841.89],
  letter: [612, 792],
};

export interface PdfOptions {
  readonly paper?: Paper;
  /** The document title in the PDF's metadata. */
  readonly title?: string;
}
export interface PdfResult {
  readonly pdf: Buffer;
  readonly pages: number;
}

/** Ligatures off: extraction must never yield `ﬁ`; kerning stays on. */
const FEATURES = { liga: false, clig: false, dlig: false, hlig: false, rlig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

/** Ascent and descent of the Noto fonts as fractions of the size, for placing baselines. */
const ASCENT = 1.069;
const DESCENT = 0.293;

type TagStyle = 'pills' | 'boxed' | 'comma' | 'dots';
interface Theme {
  readonly body: FontFamily;
  readonly heading: FontFamily;
  readonly tagFont: FontFamily;
  readonly size: number;
  readonly leading: number;
  readonly marginX: number;
  readonly marginY: number;
  readonly nameSize: number;
  readonly nameBold: boolean;
  readonly center: boolean;
  readonly h2Size: number;
  readonly headings: 'rule' | 'band' | 'caps-rule' | 'gold' | 'hash' | 'gutter';
  readonly headingCase: 'upper' | 'lower' | 'none';
  readonly headerGap: number;
  readonly sectionGap: number;
  readonly titleGap: number;
  readonly itemGap: number;
  readonly ink: string;
  readonly muted: string;
  readonly rule: string;
  readonly accent: string;
  readonly tagBg: string;
  readonly tagInk: string;
  readonly tags: TagStyle;
  readonly orgItalic: boolean;
  readonly orgAccent: boolean;
  /** Title and organization on one line: "Engineer — Acme". */
  readonly inlineOrg: boolean;
  readonly separator: string;
  readonly headerRule?: { readonly width: number; readonly color: string };
  readonly headerBand?: { readonly fill: string; readonly border: string; readonly label: string; readonly contacts: string };
  readonly topBand?: string;
  readonly sidebarFraction: number;
  readonly columnGap: number;
  readonly gutter: number;
  readonly labelPrefix: string;
}

// CSS pixels to points: 1px = 0.75pt.
const px = (value: number): number => value * 0.75;

const BASE: Theme = {
  body: 'sans', heading: 'sans', tagFont: 'sans',
  size: px(13), leading: 1.45, marginX: px(64), marginY: px(56), nameSize: px(32), nameBold: true, center: false,
  h2Size: px(13), headings: 'rule', headingCase: 'none',
  headerGap: px(24), sectionGap: px(24), titleGap: px(8), itemGap: px(16),
  ink: '#1d232b', muted: '#5a6472', rule: '#cfd5dc', accent: '#1d232b', tagBg: '#eef1f4', tagInk: '#2f3742',
  tags: 'pills', orgItalic: false, orgAccent: false, inlineOrg: false, separator: '·',
  sidebarFraction: 0.31, columnGap: px(32), gutter: 0, labelPrefix: '',
};

const THEMES: Readonly<Record<string, Theme>> = {
  classic: {
    ...BASE, body: 'serif', heading: 'serif', tagFont: 'serif', size: px(13.5), leading: 1.42, nameSize: px(30), center: true,
    h2Size: px(12.5), headings: 'rule', headingCase: 'upper', sectionGap: px(20), itemGap: px(12),
    ink: '#1a1a1a', muted: '#4a4a4a', rule: '#1a1a1a', accent: '#1a1a1a', tags: 'comma', orgItalic: true, separator: '|',
  },
  modern: {
    ...BASE, size: px(12.5), leading: 1.5, marginX: px(48), marginY: px(48), nameSize: px(34), h2Size: px(11.5),
    headings: 'band', headingCase: 'upper', titleGap: px(12),
    ink: '#17202b', muted: '#566171', rule: '#d5dbe2', accent: '#0f6e6a', tagBg: '#e3f1ef', tagInk: '#0b514e',
    orgAccent: true, topBand: '#0f6e6a', headerRule: { width: 1, color: '#d5dbe2' }, sidebarFraction: 0.32,
  },
  compact: {
    ...BASE, size: px(11.5), leading: 1.36, marginX: px(48), marginY: px(40), nameSize: px(24), h2Size: px(14),
    headings: 'caps-rule', headingCase: 'upper', headerGap: px(16), sectionGap: px(12), titleGap: px(4), itemGap: px(8),
    ink: '#1b1f24', muted: '#4f5864', rule: '#b9c0c8', accent: '#1b1f24', tags: 'comma', inlineOrg: true,
    headerRule: { width: 1.5, color: '#1b1f24' },
  },
  technical: {
    ...BASE, heading: 'mono', tagFont: 'mono', size: px(12), leading: 1.45, marginX: px(40), marginY: px(40), nameSize: px(26),
    h2Size: px(11.5), headings: 'hash', headingCase: 'lower', sectionGap: px(20), itemGap: px(12),
    ink: '#161b22', muted: '#57606a', rule: '#d0d7de', accent: '#0b5cc9', tagBg: '#f3f5f8', tagInk: '#24292f',
    tags: 'boxed', separator: '/', headerRule: { width: 1.5, color: '#161b22' }, sidebarFraction: 0.3, columnGap: px(28),
    labelPrefix: '> ',
  },
  executive: {
    ...BASE, body: 'serif', heading: 'serif', tagFont: 'serif', size: px(13.5), leading: 1.55, nameSize: px(36), nameBold: false,
    h2Size: px(12), headings: 'gold', headingCase: 'upper', headerGap: px(32), sectionGap: px(28), titleGap: px(12), itemGap: px(16),
    ink: '#1f2630', muted: '#596373', rule: '#d9dde3', accent: '#1b2a41', tagBg: '#f2efe9', tagInk: '#3d3526',
    headerBand: { fill: '#1b2a41', border: '#b08a4a', label: '#e0c48f', contacts: '#d3dae4' },
  },
  minimal: {
    ...BASE, size: px(12.5), leading: 1.55, marginX: px(72), marginY: px(72), nameSize: px(30), nameBold: false,
    h2Size: px(12.5), headings: 'gutter', headerGap: px(40), sectionGap: px(32), itemGap: px(16),
    ink: '#222222', muted: '#6b6b6b', rule: '#c8c8c8', accent: '#222222', tags: 'dots', separator: '',
    gutter: px(120 + 24),
  },
};

// ---------------------------------------------------------------------------------------------
// Text: styled spans, measured and wrapped into lines.

interface Style {
  readonly font: FontVariant;
  readonly size: number;
  readonly color: string;
  readonly href?: string | undefined;
  readonly spacing?: number;
  readonly underline?: boolean;
}
interface Span {
  readonly text: string;
  readonly style: Style;
}
interface Piece {
  readonly text: string;
  readonly style: Style;
  readonly x: number;
  readonly width: number;
}
interface Line {
  readonly pieces: readonly Piece[];
  readonly width: number;
  readonly size: number;
}

/** Characters a line may break before or after without a space: CJK ideographs, kana, full-width forms. */
const CJK = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;
const TOKEN = /\s+|[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]|[^\s\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]+/gu;

const WIDTHS = new Map<string, number>();

const NO_LINE_START = /^[ー、。，．・：；？！）」』】〕〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…,.!?:;)\]}]/u;
const NO_LINE_END = /[（「『【〔〈《([{]$/u;

class Typesetter {
  private readonly registered = new Set<string>();

  constructor(readonly doc: PDFKit.PDFDocument) {}

  useFont(file: string, size: number): void {
    if (!this.registered.has(file)) {
      this.doc.registerFont(file, fontBytes(file));
      this.registered.add(file);
    }
    this.doc.font(file).fontSize(size);
  }

  width(text: string, style: Style): number {
    const key = `${style.font.family}${style.font.bold ? 'b' : ''}${style.font.italic ? 'i' : ''}|${style.size}|${style.spacing ?? 0}|${text}`;
    let width = WIDTHS.get(key);
    if (width === undefined) {
      width = 0;
      for (const run of fontRuns(text, style.font)) {
        this.useFont(run.file, style.size);
        width += this.doc.widthOfString(run.text, { features: FEATURES, characterSpacing: style.spacing ?? 0 });
      }
      // Widths depend only on font, size and text: kept across documents, within a bound.
      if (WIDTHS.size >= 50_000) WIDTHS.clear();
      WIDTHS.set(key, width);
    }
    return width;
  }

  /** Spans wrapped into lines at most `width` wide; `indent` narrows every line after the first by nothing, the first by itself. */
  wrap(spans: readonly Span[], width: number): Line[] {
    // Words: non-space tokens glued together unless CJK allows a break between them.
    type Token = { text: string; style: Style; space: boolean; cjk: boolean; width: number };
    const tokens: Token[] = [];
    for (const span of spans) {
      for (const match of span.text.matchAll(TOKEN)) {
        const text = match[0];
        const space = /^\s/.test(text);
        tokens.push({ text: space ? ' ' : text, style: span.style, space, cjk: CJK.test(text), width: 0 });
      }
    }
    for (const token of tokens) token.width = this.width(token.text, token.style);

    const lines: Line[] = [];
    let current: Token[] = [];
    let used = 0;
    const flush = (): void => {
      while (current.length > 0 && current[current.length - 1]?.space) current.pop();
      if (current.length > 0) lines.push(this.line(current));
      current = [];
      used = 0;
    };
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i];
      if (!token) break;
      if (token.space) {
        if (current.length > 0) {
          current.push(token);
          used += token.width;
        }
        i++;
        continue;
      }
      // The word starting here.
      let j = i + 1;
      while (j < tokens.length) {
        const prev = tokens[j - 1];
        const next = tokens[j];
        if (!prev || !next || next.space) break;
        // CJK text breaks between characters, but never before closing punctuation or a small kana.
        if ((prev.cjk || next.cjk) && !NO_LINE_START.test(next.text) && !NO_LINE_END.test(prev.text)) break;
        j++;
      }
      const word = tokens.slice(i, j);
      const wordWidth = word.reduce((sum, t) => sum + t.width, 0);
      if (used + wordWidth <= width + 0.01) {
        current.push(...word);
        used += wordWidth;
      } else if (wordWidth <= width) {
        flush();
        current.push(...word);
        used = wordWidth;
      } else {
        // A word longer than the line (a long address): split it between characters.
        for (const part of word) {
          for (const char of part.text) {
            const charToken = { ...part, text: char, width: this.width(char, part.style) };
            if (used + charToken.width > width && current.length > 0) flush();
            current.push(charToken);
            used += charToken.width;
          }
        }
      }
      i = j;
    }
    flush();
    return lines;
  }

  private line(tokens: ReadonlyArray<{ text: string; style: Style; width: number }>): Line {
    const pieces: Piece[] = [];
    let x = 0;
    for (const token of tokens) {
      const last = pieces[pieces.length - 1];
      if (last && last.style === token.style) {
        pieces[pieces.length - 1] = { ...last, text: last.text + token.text, width: last.width + token.width };
      } else {
        pieces.push({ text: token.text, style: token.style, x, width: token.width });
      }
      x += token.width;
    }
    // Widths of merged pieces are measured again, so kerning across tokens is right.
    let pos = 0;
    const measured = pieces.map((piece) => {
      const width = this.width(piece.text, piece.style);
      const placed = { ...piece, x: pos, width };
      pos += width;
      return placed;
    });
    return { pieces: measured, width: pos, size: Math.max(...measured.map((p) => p.style.size)) };
  }

  /** Draws a line with its baseline at `baseline`, starting at `x`. */
  draw(line: Line, x: number, baseline: number): void {
    for (const piece of line.pieces) {
      let at = x + piece.x;
      for (const run of fontRuns(piece.text, piece.style.font)) {
        this.useFont(run.file, piece.style.size);
        const width = this.width(run.text, piece.style);
        this.useFont(run.file, piece.style.size);
        this.doc.fillColor(piece.style.color).text(run.text, at, baseline, {
          lineBreak: false,
          baseline: 'alphabetic',
          features: FEATURES,
          characterSpacing: piece.style.spacing ?? 0,
          ...(piece.style.href ? { link: piece.style.href } : {}),
          ...(piece.style.underline ? { underline: true } : {}),
        });
        at += width;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rows: what a column is made of; placed on pages by `flow`.

interface Row {
  readonly height: number;
  /** Space above the row; dropped at the top of a page. */
  readonly before: number;
  /** The next row must be on the same page (headings, entry titles). */
  readonly keep?: boolean;
  draw(x: number, top: number): void;
}

interface Frame {
  readonly x: number;
  readonly width: number;
}

class Renderer {
  readonly ts: Typesetter;
  readonly pageWidth: number;
  readonly pageHeight: number;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly theme: Theme,
    paper: Paper,
    /** False when only counting pages: rows are placed exactly as in the PDF but not drawn. */
    readonly drawing = true,
  ) {
    this.ts = new Typesetter(doc);
    [this.pageWidth, this.pageHeight] = PAPERS[paper];
  }

  style(overrides: Partial<Style> & { bold?: boolean; italic?: boolean; family?: FontFamily } = {}): Style {
    const { bold, italic, family, ...rest } = overrides;
    return {
      font: { family: family ?? this.theme.body, bold: bold ?? false, italic: italic ?? false },
      size: this.theme.size,
      color: this.theme.ink,
      ...rest,
    };
  }

  lineHeight(size: number, leading = this.theme.leading): number {
    return size * leading;
  }

  /** Rows of wrapped text; `right` is set right-aligned on the first line when it fits beside it. */
  textRows(spans: readonly Span[], frame: Frame, opts: { before?: number; keep?: boolean; indent?: number; marker?: Span; leading?: number; right?: readonly Span[]; align?: 'left' | 'center' } = {}): Row[] {
    const indent = opts.indent ?? 0;
    const rightLine = opts.right && opts.right.length > 0 ? this.ts.wrap(opts.right, frame.width)[0] : undefined;
    const rightGap = rightLine ? rightLine.width + 12 : 0;
    // Every line leaves room for the right part, so a wrapped title never runs under it.
    let lines = this.ts.wrap(spans, frame.width - indent - rightGap);
    if (lines.length === 0 && rightLine) lines = [{ pieces: [], width: 0, size: rightLine.size }];
    const marker = opts.marker ? this.ts.wrap([opts.marker], indent)[0] : undefined;
    return lines.map((line, index): Row => {
      const height = this.lineHeight(Math.max(line.size, rightLine && index === 0 ? rightLine.size : 0), opts.leading);
      return {
        height,
        before: index === 0 ? (opts.before ?? 0) : 0,
        keep: index < lines.length - 1 ? false : (opts.keep ?? false),
        draw: (x, top) => {
          const baseline = top + (height - (ASCENT + DESCENT) * line.size) / 2 + ASCENT * line.size;
          if (index === 0 && marker) this.ts.draw(marker, x, baseline);
          const start = opts.align === 'center' ? x + (frame.width - line.width) / 2 : x + indent;
          this.ts.draw(line, start, baseline);
          if (index === 0 && rightLine) this.ts.draw(rightLine, x + frame.width - rightLine.width, baseline);
        },
      };
    });
  }

  markdownSpans(runs: readonly InlineRun[], base: Style): Span[] {
    return runs.map((run) => ({
      text: run.text,
      style: {
        ...base,
        font: {
          family: run.code ? 'mono' : base.font.family,
          bold: base.font.bold || (run.bold ?? false),
          italic: base.font.italic || (run.italic ?? false),
        },
        ...(run.href ? { href: run.href, underline: true } : {}),
      },
    }));
  }

  /** Block Markdown (a summary) as rows: paragraphs and bullet lists. */
  markdownRows(source: string, frame: Frame, base: Style, before: number): Row[] {
    const rows: Row[] = [];
    for (const block of parseMarkdownBlocks(source)) {
      const spans = this.markdownSpans(block.runs, base);
      const first = rows.length === 0 ? before : px(4);
      if (block.kind === 'bullet') {
        rows.push(...this.textRows(spans, frame, { before: first, indent: base.size * 1.25, marker: { text: block.marker, style: { ...base, color: this.theme.muted } } }));
      } else {
        rows.push(...this.textRows(spans, frame, { before: first }));
      }
    }
    return rows;
  }
}

// ---------------------------------------------------------------------------------------------
// The resume.

export function renderResumePdf(resume: JsonResume, settings: LayoutSettings, options: PdfOptions = {}): Promise<PdfResult> {
  return renderLayoutPdf(layoutResume(resume, settings), options);
}

export function renderLayoutPdf(layout: ResumeLayout, options: PdfOptions = {}): Promise<PdfResult> {
  const paper = options.paper ?? 'a4';
  const doc = new PDFDocument({
    size: [...PAPERS[paper]],
    margin: 0,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: options.title ?? layout.header.name ?? 'Resume',
      ...(layout.header.name ? { Author: layout.header.name } : {}),
      Creator: 'AI Resume Builder',
      Producer: 'AI Resume Builder (pdfkit)',
      CreationDate: new Date(0),
      ModDate: new Date(0),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pages = typeset(new Renderer(doc, THEMES[layout.template.id] ?? BASE, paper), layout);
  doc.flushPages();
  doc.end();
  return done.then((pdf) => ({ pdf, pages }));
}

/**
 * The number of pages `renderLayoutPdf` makes of the layout on the paper: the same measuring and
 * page breaking, without drawing, embedding fonts or writing the file (a fraction of the time).
 */
export function countLayoutPages(layout: ResumeLayout, paper: Paper = 'a4'): number {
  const doc = new PDFDocument({ size: [...PAPERS[paper]], margin: 0, bufferPages: true, autoFirstPage: true });
  return typeset(new Renderer(doc, THEMES[layout.template.id] ?? BASE, paper, false), layout);
}

/** Sets the resume on the renderer's pages; returns the page count. */
function typeset(r: Renderer, layout: ResumeLayout): number {
  const { doc, theme } = r;
  const bodyTop = drawHeader(r, layout);
  const contentX = theme.marginX;
  const contentWidth = r.pageWidth - 2 * theme.marginX;
  const order = readingOrder(layout);
  if (layout.sidebarSide === 'none') {
    // Minimal sets its headings in a left gutter beside the text.
    const frame = { x: contentX + theme.gutter, width: contentWidth - theme.gutter };
    flow(r, sectionRows(r, order, frame, false), frame, bodyTop);
  } else {
    const sideWidth = (contentWidth - theme.columnGap) * theme.sidebarFraction;
    const mainWidth = contentWidth - theme.columnGap - sideWidth;
    const left = layout.sidebarSide === 'left';
    const mainFrame = { x: left ? contentX + sideWidth + theme.columnGap : contentX, width: mainWidth };
    const sideFrame = { x: left ? contentX : contentX + mainWidth + theme.columnGap, width: sideWidth };
    // Drawn in reading order: the first column on every page it uses, then the second.
    const columns = left
      ? [{ sections: layout.sidebar, frame: sideFrame, side: true }, { sections: layout.main, frame: mainFrame, side: false }]
      : [{ sections: layout.main, frame: mainFrame, side: false }, { sections: layout.sidebar, frame: sideFrame, side: true }];
    const ends: Array<{ page: number; y: number }> = [];
    for (const column of columns) {
      ends.push(flow(r, sectionRows(r, column.sections, column.frame, column.side), column.frame, bodyTop));
    }
    if (theme.tags === 'boxed' && r.drawing) {
      // A rule between the columns, as far down as the side column goes on each page.
      const side = ends[0];
      if (side) {
        for (let page = 0; page <= side.page; page++) {
          doc.switchToPage(page);
          const top = page === 0 ? bodyTop : theme.marginY;
          const bottom = page === side.page ? side.y : r.pageHeight - theme.marginY;
          const lineX = sideFrame.x + sideFrame.width + theme.columnGap / 2;
          doc.moveTo(lineX, top).lineTo(lineX, bottom).lineWidth(0.75).strokeColor(theme.rule).stroke();
        }
      }
    }
  }
  return doc.bufferedPageRange().count;
}

/** Places rows top to bottom across pages; returns where the column ended. */
function flow(r: Renderer, rows: readonly Row[], frame: Frame, startY: number): { page: number; y: number } {
  const { doc, theme } = r;
  const top = theme.marginY > 0 ? theme.marginY : px(48);
  const bottom = r.pageHeight - (theme.marginY > 0 ? theme.marginY : px(56));
  let page = 0;
  let y = startY;
  let atTop = true;
  const goTo = (index: number): void => {
    while (doc.bufferedPageRange().count <= index) doc.addPage();
    doc.switchToPage(index);
  };
  goTo(0);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    // The row and every row it is kept with must fit; else they start the next page together.
    let chain = row.height;
    for (let j = i; rows[j]?.keep && j + 1 < rows.length; j++) chain += (rows[j + 1]?.before ?? 0) + (rows[j + 1]?.height ?? 0);
    const before = atTop ? 0 : row.before;
    if (!atTop && y + before + chain > bottom) {
      page++;
      goTo(page);
      y = top;
      atTop = true;
    }
    y += atTop ? 0 : row.before;
    if (r.drawing) row.draw(frame.x, y);
    y += row.height;
    atTop = false;
  }
  return { page, y };
}

function drawHeader(r: Renderer, layout: ResumeLayout): number {
  const { doc, theme } = r;
  const { header } = layout;
  const band = theme.headerBand;
  const frame = { x: theme.marginX + (theme.gutter > 0 ? theme.gutter : 0), width: r.pageWidth - 2 * theme.marginX - theme.gutter };
  const align = theme.center ? 'center' : 'left';
  const rows: Row[] = [];
  const nameStyle = r.style({ family: theme.heading === 'mono' ? 'sans' : theme.body, bold: theme.nameBold, size: theme.nameSize, color: band ? '#ffffff' : theme.ink, spacing: theme.center ? theme.nameSize * 0.04 : 0 });
  if (header.name) rows.push(...r.textRows([{ text: header.name, style: nameStyle }], frame, { leading: 1.15, align }));
  if (header.label) {
    const labelStyle = r.style({
      size: band ? theme.size * 0.9 : theme.size * 1.15,
      color: band ? band.label : theme.orgAccent || theme.labelPrefix ? theme.accent : theme.muted,
      italic: theme.center,
      bold: theme.orgAccent,
      family: theme.labelPrefix ? 'mono' : theme.body,
      spacing: band ? theme.size * 0.9 * 0.08 : 0,
    });
    const text = band ? header.label.toUpperCase() : header.label;
    const spans: Span[] = theme.labelPrefix ? [{ text: theme.labelPrefix, style: { ...labelStyle, color: theme.muted } }, { text, style: labelStyle }] : [{ text, style: labelStyle }];
    rows.push(...r.textRows(spans, frame, { before: band ? px(8) : px(4), align }));
  }
  const direct = header.contacts.filter((c) => c.kind !== 'profile');
  const profiles = header.contacts.filter((c) => c.kind === 'profile');
  const contactColor = band ? band.contacts : theme.center ? theme.ink : theme.muted;
  const contactStyle = r.style({ size: theme.size * (theme.tags === 'comma' && !theme.center ? 1 : 0.92), color: contactColor, family: theme.labelPrefix ? 'mono' : theme.body });
  for (const [index, line] of [direct, profiles].filter((l) => l.length > 0).entries()) {
    const spans: Span[] = [];
    line.forEach((contact: LayoutContact, i) => {
      if (i > 0) spans.push({ text: theme.separator ? ` ${theme.separator} ` : '   ', style: { ...contactStyle, color: band ? '#7f8ea3' : theme.rule === '#1a1a1a' ? '#9a9a9a' : theme.rule } });
      if (contact.label) {
        const labelText = theme.labelPrefix ? `${contact.label}:` : contact.label;
        spans.push({ text: `${labelText} `, style: { ...contactStyle, font: { ...contactStyle.font, bold: true }, color: band ? '#ffffff' : theme.orgAccent ? theme.accent : theme.ink } });
      }
      // Keep each contact whole on a line: no-break spaces inside it would change its text, so it is one span.
      spans.push({ text: contact.text, style: { ...contactStyle, href: contact.href } });
    });
    rows.push(...r.textRows(spans, frame, { before: index === 0 ? (band ? px(16) : theme.tags === 'dots' ? px(12) : px(8)) : px(2), align }));
  }

  let y = band ? px(48) : theme.marginY;
  const height = rows.reduce((sum, row) => sum + row.before + row.height, 0);
  doc.switchToPage(0);
  if (theme.topBand) doc.rect(0, 0, r.pageWidth, px(8)).fill(theme.topBand);
  if (band) {
    const bandHeight = y + height + px(40);
    doc.rect(0, 0, r.pageWidth, bandHeight).fill(band.fill);
    doc.rect(0, bandHeight, r.pageWidth, px(4)).fill(band.border);
  }
  for (const row of rows) {
    y += row.before;
    if (r.drawing) row.draw(frame.x, y);
    y += row.height;
  }
  if (band) y += px(40) + px(4);
  if (theme.headerRule) {
    const ruleY = y + (theme.orgAccent ? px(24) : theme.inlineOrg ? px(8) : px(16));
    doc.moveTo(theme.marginX, ruleY).lineTo(r.pageWidth - theme.marginX, ruleY).lineWidth(theme.headerRule.width).strokeColor(theme.headerRule.color).stroke();
    y = ruleY;
  }
  return y + theme.headerGap;
}

// ---------------------------------------------------------------------------------------------
// Sections.

function sectionRows(r: Renderer, sections: readonly LayoutSection[], frame: Frame, side: boolean): Row[] {
  const rows: Row[] = [];
  sections.forEach((section, index) => {
    rows.push(...headingRows(r, section.title, frame, index === 0 ? 0 : r.theme.sectionGap));
    rows.push(...sectionBody(r, section, frame, side));
  });
  return rows;
}

function headingRows(r: Renderer, title: string, frame: Frame, before: number): Row[] {
  const { theme, doc } = r;
  const size = theme.headings === 'caps-rule' ? theme.h2Size * 0.8 : theme.h2Size;
  const text = theme.headingCase === 'upper' ? title.toUpperCase() : theme.headingCase === 'lower' ? title.toLowerCase() : title;
  const style = r.style({
    family: theme.heading,
    bold: true,
    size,
    color: theme.accent,
    spacing: theme.headingCase === 'upper' ? size * 0.08 : 0,
  });
  const spans: Span[] = theme.headings === 'hash' ? [{ text: '## ', style: { ...style, color: '#8c959f' } }, { text, style }] : [{ text, style }];
  if (theme.headings === 'gutter') {
    // In the left gutter, a line above the section's text: a line of its own for every reader.
    const lines = r.ts.wrap(spans, theme.gutter - px(24));
    const lineHeight = size * 1.3;
    return lines.map((line, i): Row => ({
      height: lineHeight,
      before: i === 0 ? before : 0,
      keep: true,
      draw: (x, top) => r.ts.draw(line, x - theme.gutter, top + (lineHeight - (ASCENT + DESCENT) * size) / 2 + ASCENT * size),
    }));
  }
  const line = r.ts.wrap(spans, frame.width - px(16))[0];
  const lineHeight = r.lineHeight(size, 1.3);
  const baselineIn = (top: number): number => top + (lineHeight - (ASCENT + DESCENT) * size) / 2 + ASCENT * size;
  const padY = theme.headings === 'band' ? px(4) : 0;
  const extra = theme.headings === 'rule' ? px(2) + 1 : theme.headings === 'gold' ? px(6) + 2 : 0;
  return [{
    height: lineHeight + 2 * padY + extra + theme.titleGap,
    before,
    keep: true,
    draw: (x, top) => {
      if (!line) return;
      if (theme.headings === 'band') {
        doc.rect(x, top, frame.width, lineHeight + 2 * padY).fill('#eef5f4');
        doc.rect(x, top, px(3), lineHeight + 2 * padY).fill(theme.accent);
        r.ts.draw(line, x + px(8), baselineIn(top + padY));
        return;
      }
      r.ts.draw(line, x, baselineIn(top));
      if (theme.headings === 'rule') {
        const y = top + lineHeight + px(2);
        doc.moveTo(x, y).lineTo(x + frame.width, y).lineWidth(0.75).strokeColor(theme.rule).stroke();
      } else if (theme.headings === 'caps-rule') {
        const y = top + lineHeight / 2;
        doc.moveTo(x + line.width + px(8), y).lineTo(x + frame.width, y).lineWidth(0.75).strokeColor(theme.rule).stroke();
      } else if (theme.headings === 'gold') {
        const y = top + lineHeight + px(6);
        doc.moveTo(x, y).lineTo(x + px(40), y).lineWidth(1.5).strokeColor('#b08a4a').stroke();
      }
    },
  }];
}

function sectionBody(r: Renderer, section: LayoutSection, frame: Frame, side: boolean): Row[] {
  const { theme } = r;
  const rows: Row[] = [];
  section.items.forEach((item, index) => {
    const gap = index === 0 ? 0 : section.display === 'entries' ? theme.itemGap : section.display === 'pairs' ? px(2) : section.display === 'quotes' ? px(12) : theme.tags === 'comma' ? px(2) : px(8);
    switch (section.display) {
      case 'text':
        if (item.summary) {
          const executive = theme.headerBand !== undefined;
          const base = r.style(executive ? { size: theme.size * 1.1 } : {});
          rows.push(...r.markdownRows(item.summary, frame, base, gap).map((row) => (executive ? row : row)));
        }
        break;
      case 'entries':
        rows.push(...entryRows(r, item, frame, side, gap));
        break;
      case 'tags':
        rows.push(...tagGroupRows(r, item, frame, side, gap));
        break;
      case 'pairs': {
        const spans: Span[] = item.title ? [{ text: item.title, style: r.style({ bold: true }) }] : [];
        const level: Span[] = item.level ? [{ text: item.level, style: r.style({ size: theme.size * 0.9, color: theme.muted }) }] : [];
        const fits = spans.length > 0 && level.length > 0 && r.ts.wrap([...spans, { text: '   ', style: r.style() }, ...level], frame.width).length === 1;
        if (fits || level.length === 0) rows.push(...r.textRows(spans, frame, { before: gap, right: level }));
        else if (spans.length === 0) rows.push(...r.textRows(level, frame, { before: gap }));
        else rows.push(...r.textRows(spans, frame, { before: gap, keep: true }), ...r.textRows(level, frame, {}));
        break;
      }
      case 'quotes': {
        const quote = item.summary ? r.markdownRows(item.summary, { x: frame.x, width: frame.width - px(14) }, r.style({ italic: true }), gap) : [];
        rows.push(
          ...quote.map((row): Row => ({
            ...row,
            draw: (x, top) => {
              r.doc.moveTo(x + 1, top).lineTo(x + 1, top + row.height).lineWidth(1.5).strokeColor(theme.rule).stroke();
              row.draw(x + px(14), top);
            },
          })),
        );
        if (item.title) rows.push(...r.textRows([{ text: `— ${item.title}`, style: r.style({ bold: true }) }], frame, { before: quote.length > 0 ? px(4) : gap }));
        break;
      }
    }
  });
  return rows;
}

function entryRows(r: Renderer, item: LayoutItem, frame: Frame, side: boolean, gap: number): Row[] {
  const { theme } = r;
  const rows: Row[] = [];
  const titleStyle = r.style({ bold: true, size: theme.inlineOrg || theme.tags === 'dots' ? theme.size : theme.size * 1.05, href: item.linkOn === 'title' ? item.href : undefined });
  const orgStyle = r.style({ italic: theme.orgItalic, bold: theme.orgAccent, color: theme.orgAccent ? theme.accent : theme.tags === 'dots' ? theme.muted : theme.ink, href: item.linkOn === 'organization' ? item.href : undefined });
  const metaStyle = r.style({ size: theme.inlineOrg ? theme.size : theme.size * 0.92, color: theme.orgItalic ? theme.ink : theme.muted, italic: theme.orgItalic });
  const meta: Span[] = [];
  if (item.date) meta.push({ text: item.date, style: metaStyle });
  if (item.location) meta.push({ text: item.date ? ` · ${item.location}` : item.location, style: metaStyle });
  const metaBeside = !side && meta.length > 0;
  let first = true;
  const push = (spans: Span[], opts: { right?: Span[]; keep?: boolean }): void => {
    rows.push(...r.textRows(spans, frame, { before: first ? gap : 0, keep: opts.keep ?? false, ...(opts.right ? { right: opts.right } : {}) }));
    first = false;
  };
  if (theme.inlineOrg && item.title) {
    const spans: Span[] = [{ text: item.title, style: titleStyle }];
    if (item.organization) spans.push({ text: ' — ', style: r.style({ color: theme.muted }) }, { text: item.organization, style: orgStyle });
    push(spans, { keep: true, ...(metaBeside ? { right: meta } : {}) });
  } else {
    if (item.title) push([{ text: item.title, style: titleStyle }], { keep: true, ...(metaBeside && !item.organization ? { right: meta } : {}) });
    if (item.organization) push([{ text: item.organization, style: orgStyle }], { keep: true, ...(metaBeside ? { right: meta } : {}) });
    if (!item.title && !item.organization && metaBeside) push(meta, { keep: true });
  }
  if (!metaBeside && meta.length > 0) push(meta, { keep: true });
  if (item.subtitle) push([{ text: item.subtitle, style: r.style({ italic: true, color: theme.muted }) }], {});
  if (item.summary) {
    rows.push(...r.markdownRows(item.summary, frame, r.style(), first ? gap : px(3)));
    first = false;
  }
  const marker = theme.tags === 'dots' ? '–' : '•';
  for (const [i, highlight] of item.highlights.entries()) {
    rows.push(
      ...r.textRows(r.markdownSpans(parseInline(highlight), r.style()), frame, {
        before: first ? gap : i === 0 ? px(3) : theme.inlineOrg ? 0 : px(2),
        indent: theme.size * 1.25,
        marker: { text: marker, style: r.style({ color: theme.orgAccent ? theme.accent : theme.muted }) },
      }),
    );
    first = false;
  }
  for (const detail of item.details) {
    rows.push(...r.textRows([{ text: `${detail.label}: `, style: r.style({ bold: true }) }, { text: detail.value, style: r.style() }], frame, { before: first ? gap : px(3) }));
    first = false;
  }
  if (item.keywords.length > 0) {
    rows.push(...keywordRows(r, item.keywords, frame, first ? gap : px(3), 'Keywords:'));
    first = false;
  }
  // The last row of an entry keeps nothing with it.
  return rows;
}

function tagGroupRows(r: Renderer, item: LayoutItem, frame: Frame, side: boolean, gap: number): Row[] {
  const { theme } = r;
  const titleStyle = r.style({ bold: true });
  const levelStyle = r.style({ size: theme.size * 0.9, color: theme.muted });
  if (theme.tags === 'comma') {
    // "Title: one, two, three" as one paragraph.
    const spans: Span[] = [];
    // As the preview: "Frontend Expert: React, TypeScript", the colon after the name and level.
    const colon = item.keywords.length > 0 ? ':' : '';
    if (item.title) spans.push({ text: `${item.title}${item.level ? '' : colon}`, style: titleStyle });
    if (item.level) spans.push({ text: `${spans.length > 0 ? ' ' : ''}${item.level}${colon}`, style: levelStyle });
    if (item.keywords.length > 0) spans.push({ text: `${spans.length > 0 ? ' ' : ''}${item.keywords.join(', ')}`, style: r.style() });
    return r.textRows(spans, frame, { before: gap });
  }
  const rows: Row[] = [];
  const head: Span[] = [];
  if (item.title) head.push({ text: item.title, style: titleStyle });
  if (item.level && !side) head.push({ text: `${head.length > 0 ? '  ' : ''}${item.level}`, style: levelStyle });
  if (head.length > 0) rows.push(...r.textRows(head, frame, { before: gap, keep: item.keywords.length > 0 || (side && item.level !== undefined) }));
  if (item.level && side) rows.push(...r.textRows([{ text: item.level, style: levelStyle }], frame, { before: rows.length === 0 ? gap : 0, keep: item.keywords.length > 0 }));
  if (item.keywords.length > 0) rows.push(...keywordRows(r, item.keywords, frame, rows.length === 0 ? gap : px(4), undefined));
  return rows;
}

/** Keywords as pills, boxes or a separated list, by template. */
function keywordRows(r: Renderer, keywords: readonly string[], frame: Frame, before: number, plainLabel: string | undefined): Row[] {
  const { theme, doc } = r;
  if (theme.tags === 'comma' || theme.tags === 'dots') {
    const spans: Span[] = [];
    if (plainLabel) spans.push({ text: `${plainLabel} `, style: r.style({ bold: true, color: theme.muted }) });
    keywords.forEach((keyword, i) => {
      if (i > 0) spans.push({ text: theme.tags === 'comma' ? ', ' : ' · ', style: r.style({ color: theme.muted }) });
      spans.push({ text: keyword, style: r.style() });
    });
    return r.textRows(spans, frame, { before });
  }
  const boxed = theme.tags === 'boxed';
  const style = r.style({ family: theme.tagFont, size: theme.size * (boxed ? 0.85 : 0.88), color: theme.tagInk });
  const pad = boxed ? px(6) : px(8);
  const gap = px(4);
  const height = style.size * 1.7;
  type Pill = { line: Line; width: number };
  let current: Pill[] = [];
  let used = 0;
  const rows: Row[] = [];
  const flushPills = (): void => {
    const pills = current;
    current = [];
    used = 0;
    if (pills.length === 0) return;
    rows.push({
      height: height + gap,
      before: rows.length === 0 ? before : 0,
      draw: (x, top) => {
        let at = x;
        for (const pill of pills) {
          if (boxed) doc.roundedRect(at, top, pill.width, height, 2).lineWidth(0.75).fillAndStroke(theme.tagBg, theme.rule);
          else doc.roundedRect(at, top, pill.width, height, height / 2).fill(theme.tagBg);
          r.ts.draw(pill.line, at + pad, top + (height - (ASCENT + DESCENT) * style.size) / 2 + ASCENT * style.size);
          at += pill.width + gap;
        }
      },
    });
  };
  for (const keyword of keywords) {
    const wrapped = r.ts.wrap([{ text: keyword, style }], frame.width - 2 * pad);
    const line = wrapped[0];
    if (!line) continue;
    if (wrapped.length > 1) {
      // Too long for one pill: set as plain text lines so no word is lost.
      flushPills();
      rows.push(...r.textRows([{ text: keyword, style }], frame, { before: rows.length === 0 ? before : 0 }));
      continue;
    }
    const width = line.width + 2 * pad;
    if (current.length > 0 && used + width > frame.width) flushPills();
    current.push({ line, width });
    used += width + gap;
  }
  flushPills();
  return rows;
}
