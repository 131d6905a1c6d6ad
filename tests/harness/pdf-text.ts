// Reads a PDF back as a person's tools would: pdfjs-dist's text layer in content order (the order
// applicant tracking systems and screen readers get), with the links of each page.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fontName: string;
}
export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfTextItem[];
  /** The page's text: items joined into lines, words split by spaces where the glyphs leave a gap. */
  readonly text: string;
  readonly links: readonly string[];
}
export interface PdfText {
  readonly pages: readonly PdfPage[];
  readonly text: string;
  readonly title: string | undefined;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  const doc: PDFDocumentProxy = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [, , width, height] = page.view;
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        items.push({ str: item.str, x: item.transform[4] ?? 0, y: item.transform[5] ?? 0, width: item.width, height: item.height, fontName: item.fontName });
      }
      const annotations = (await page.getAnnotations()) as Array<{ subtype?: string; url?: string }>;
      pages.push({
        width: width ?? 0,
        height: height ?? 0,
        items,
        text: joinItems(items),
        links: annotations.flatMap((a) => (a.subtype === 'Link' && a.url ? [a.url] : [])),
      });
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string } | undefined;
    return { pages, text: pages.map((p) => p.text).join('\n'), title: info?.Title };
  } finally {
    await doc.destroy();
  }
}

/** Items in content order; a new line where the baseline moves, a space where glyphs leave a gap. */
export function joinItems(items: readonly PdfTextItem[]): string {
  let text = '';
  let prev: PdfTextItem | undefined;
  for (const item of items) {
    if (prev) {
      const sameLine = Math.abs(item.y - prev.y) < Math.max(1, prev.height * 0.3);
      const gap = item.x - (prev.x + prev.width);
      if (!sameLine) text += '\n';
      else if (gap > Math.max(prev.height, item.height) * 0.15 && !text.endsWith(' ') && !item.str.startsWith(' ')) text += ' ';
    }
    text += item.str;
    prev = item;
  }
  return text;
}
