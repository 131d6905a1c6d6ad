// The fonts of the PDF export: Noto Serif, Noto Sans and Noto Sans Mono as shipped by the
// @fontsource npm packages, with Noto Sans JP behind each of them for Japanese (and other CJK).
// Fontsource splits every font into files by Unicode range (latin, latin-ext, cyrillic, greek,
// vietnamese, and ~120 chunks for Japanese); each character is set in the first file whose
// `unicode-range` covers it, so a run of text becomes runs of one file each. pdfkit (fontkit)
// embeds only the glyphs a document uses.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';

export type FontFamily = 'serif' | 'sans' | 'mono';
export interface FontVariant {
  readonly family: FontFamily;
  readonly bold: boolean;
  readonly italic: boolean;
}

interface FontFace {
  /** Absolute path of the .woff file; also the name the file is registered under in a document. */
  readonly file: string;
  /** Sorted, inclusive code point ranges. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

const require = createRequire(import.meta.url);

const PACKAGES: Readonly<Record<FontFamily, string>> = {
  serif: '@fontsource/noto-serif',
  sans: '@fontsource/noto-sans',
  mono: '@fontsource/noto-sans-mono',
};
const CJK_PACKAGE = '@fontsource/noto-sans-jp';
/** Families whose packages ship italic files; the others set italic text upright. */
const HAS_ITALIC: ReadonlySet<FontFamily> = new Set(['serif', 'sans']);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/400.css`));
}

/** The faces of one CSS file of a fontsource package, in the file's order. */
function readFaces(pkg: string, cssFile: string): FontFace[] {
  const dir = packageDir(pkg);
  const css = readFileSync(join(dir, cssFile), 'utf8');
  const faces: FontFace[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    faces.push({ file: join(dir, file), ranges: parseRanges(range) });
  }
  return faces;
}

function parseRanges(text: string): Array<readonly [number, number]> {
  return text
    .split(',')
    .map((part): readonly [number, number] => {
      const [from = '0', to] = part.trim().replace(/^U\+/i, '').split('-');
      const start = Number.parseInt(from, 16);
      return [start, to === undefined ? start : Number.parseInt(to, 16)];
    })
    .sort((a, b) => a[0] - b[0]);
}

function covers(face: FontFace, codePoint: number): boolean {
  let lo = 0;
  let hi = face.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = face.ranges[mid];
    if (!range) break;
    if (codePoint < range[0]) hi = mid - 1;
    else if (codePoint > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

const stacks = new Map<string, readonly FontFace[]>();

/** The faces tried in order for a variant: the family's own files, then the Japanese ones. */
function stack(variant: FontVariant): readonly FontFace[] {
  const italic = variant.italic && HAS_ITALIC.has(variant.family);
  const weight = variant.bold ? 700 : 400;
  const key = `${variant.family}-${weight}-${italic ? 'italic' : 'normal'}`;
  let faces = stacks.get(key);
  if (!faces) {
    faces = [
      ...readFaces(PACKAGES[variant.family], `${weight}${italic ? '-italic' : ''}.css`),
      ...readFaces(CJK_PACKAGE, `${weight}.css`),
    ];
    stacks.set(key, faces);
  }
  return faces;
}

/** A stretch of text set in one font file. */
export interface FontRun {
  readonly text: string;
  readonly file: string;
}

/**
 * Splits text into runs of one font file each. Spaces and characters the current file also has
 * stay with the run before them, so words are not split needlessly.
 */
const facesByFile = new Map<readonly FontFace[], Map<string, FontFace>>();
const choices = new Map<readonly FontFace[], Map<number, string | null>>();

/** The first file of a stack that has a character, remembered per stack. */
function fileFor(faces: readonly FontFace[], codePoint: number): string | undefined {
  let known = choices.get(faces);
  if (!known) {
    known = new Map();
    choices.set(faces, known);
  }
  let file = known.get(codePoint);
  if (file === undefined) {
    file = faces.find((f) => covers(f, codePoint))?.file ?? null;
    known.set(codePoint, file);
  }
  return file ?? undefined;
}

export function fontRuns(text: string, variant: FontVariant): FontRun[] {
  const faces = stack(variant);
  const byFile = facesByFile.get(faces) ?? new Map(faces.map((f) => [f.file, f]));
  facesByFile.set(faces, byFile);
  const fallback = faces[0]?.file ?? '';
  const runs: FontRun[] = [];
  let current = '';
  let file: string | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const space = codePoint === 0x20;
    const currentFace = file === undefined ? undefined : byFile.get(file);
    const sticky = space || (currentFace !== undefined && covers(currentFace, codePoint));
    const found = sticky && file !== undefined ? file : fileFor(faces, codePoint);
    // A character no font has (an emoji, a variation selector) would print as a box and read back
    // as U+0000: it is left out.
    if (found === undefined && !space) continue;
    const chosen = found ?? file ?? fallback;
    if (file !== undefined && chosen !== file) {
      runs.push({ text: current, file });
      current = '';
    }
    file = chosen;
    current += char;
  }
  if (file !== undefined && current !== '') runs.push({ text: current, file });
  return runs;
}

const buffers = new Map<string, Buffer>();

/**
 * The bytes of a font file as a plain TrueType/OpenType font, converted once per process: fontkit
 * would otherwise inflate WOFF tables in JavaScript for every document.
 */
export function fontBytes(file: string): Buffer {
  let bytes = buffers.get(file);
  if (!bytes) {
    const raw = readFileSync(file);
    bytes = raw.toString('latin1', 0, 4) === 'wOFF' ? woffToSfnt(raw) : raw;
    buffers.set(file, bytes);
  }
  return bytes;
}

/** WOFF 1.0 to the sfnt it wraps: the same tables, uncompressed, behind a standard directory. */
export function woffToSfnt(woff: Buffer): Buffer {
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = woff.readUInt32BE(entry);
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const checksum = woff.readUInt32BE(entry + 16);
    const stored = woff.subarray(offset, offset + compLength);
    tables.push({ tag, checksum, data: compLength < origLength ? inflateSync(stored) : Buffer.from(stored) });
  }
  tables.sort((a, b) => a.tag - b.tag);
  let power = 1;
  let log = 0;
  while (power * 2 <= numTables) {
    power *= 2;
    log++;
  }
  const headerLength = 12 + 16 * numTables;
  const total = tables.reduce((sum, t) => sum + ((t.data.length + 3) & ~3), headerLength);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(power * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = headerLength;
  tables.forEach((table, i) => {
    const entry = 12 + i * 16;
    out.writeUInt32BE(table.tag, entry);
    out.writeUInt32BE(table.checksum, entry + 4);
    out.writeUInt32BE(offset, entry + 8);
    out.writeUInt32BE(table.data.length, entry + 12);
    table.data.copy(out, offset);
    offset += (table.data.length + 3) & ~3;
  });
  return out;
}
