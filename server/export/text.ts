// The resume as Markdown and as plain text, from the same layout as the preview and the PDF, in
// the same reading order: header, then the sections in `readingOrder`.

import { readingOrder, type LayoutItem, type LayoutSection, type ResumeLayout } from '../../collab/layout.ts';
import { inlinePlain, markdownPlain } from './markdown.ts';

function headerLines(layout: ResumeLayout, plain: boolean): string[] {
  const { header } = layout;
  const lines: string[] = [];
  if (header.name) lines.push(plain ? header.name : `# ${header.name}`);
  if (header.label) lines.push(plain ? header.label : `**${escapeInline(header.label)}**`);
  const direct = header.contacts.filter((c) => c.kind !== 'profile');
  const profiles = header.contacts.filter((c) => c.kind === 'profile');
  for (const group of [direct, profiles]) {
    if (group.length === 0) continue;
    const parts = group.map((c) => {
      const text = plain || !c.href ? c.text : `[${escapeInline(c.text)}](${c.href})`;
      return c.label ? `${c.label} ${text}` : text;
    });
    lines.push(parts.join(plain ? ' | ' : ' · '));
  }
  return lines;
}

function itemLines(section: LayoutSection, item: LayoutItem, plain: boolean): string[] {
  const lines: string[] = [];
  const md = (text: string): string => (plain ? inlinePlain(text) : text);
  const link = (text: string, on: 'title' | 'organization'): string =>
    !plain && item.href && item.linkOn === on ? `[${escapeInline(text)}](${item.href})` : text;
  switch (section.display) {
    case 'text':
      if (item.summary) lines.push(plain ? markdownPlain(item.summary) : item.summary);
      break;
    case 'entries': {
      const names = [item.title && link(item.title, 'title'), item.organization && link(item.organization, 'organization')].filter(Boolean);
      if (names.length > 0) lines.push(plain ? names.join(', ') : `### ${names.join(' — ')}`);
      const meta = [item.date, item.location].filter(Boolean).join(' · ');
      if (meta) lines.push(plain ? meta : `*${meta}*`);
      if (item.subtitle) lines.push(plain ? item.subtitle : `*${item.subtitle}*`);
      if (item.summary) lines.push(plain ? markdownPlain(item.summary) : item.summary);
      for (const highlight of item.highlights) lines.push(`- ${md(highlight)}`);
      for (const detail of item.details) lines.push(plain ? `${detail.label}: ${detail.value}` : `**${detail.label}:** ${detail.value}`);
      if (item.keywords.length > 0) lines.push(`${plain ? 'Keywords:' : '**Keywords:**'} ${item.keywords.join(', ')}`);
      break;
    }
    case 'tags': {
      const head = [item.title && (plain ? item.title : `**${item.title}**`), item.level && (plain ? `(${item.level})` : `*(${item.level})*`)]
        .filter(Boolean)
        .join(' ');
      const keywords = item.keywords.join(', ');
      const line = [head && keywords ? `${head}:` : head, keywords].filter(Boolean).join(' ');
      lines.push(plain ? line : `- ${line}`);
      break;
    }
    case 'pairs':
      lines.push(`${plain ? '' : '- '}${[item.title && (plain ? item.title : `**${item.title}**`), item.level].filter(Boolean).join(plain ? ': ' : ' — ')}`);
      break;
    case 'quotes':
      if (item.summary) lines.push(plain ? `"${markdownPlain(item.summary)}"` : item.summary.split('\n').map((l) => `> ${l}`).join('\n'));
      if (item.title) lines.push(`— ${item.title}`);
      break;
  }
  return lines;
}

/** The resume as plain text: headings in capitals, one block per item. */
export function layoutToText(layout: ResumeLayout): string {
  const blocks: string[] = [headerLines(layout, true).join('\n')];
  for (const section of readingOrder(layout)) {
    const items = section.items.map((item) => itemLines(section, item, true).join('\n'));
    const compact = section.display === 'tags' || section.display === 'pairs';
    blocks.push(`${section.title.toUpperCase()}\n\n${items.join(compact ? '\n' : '\n\n')}`);
  }
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}

/** The resume as Markdown: `#` name, `##` sections, `###` entries, lists for highlights and tags. */
export function layoutToMarkdown(layout: ResumeLayout): string {
  const [first, ...rest] = headerLines(layout, false);
  const named = first !== undefined && layout.header.name !== undefined;
  const blocks: string[] = named ? [first, rest.join('  \n')] : [[first, ...rest].filter(Boolean).join('  \n')];
  for (const section of readingOrder(layout)) {
    const items = section.items.map((item) => itemLines(section, item, false).join('\n\n'));
    const compact = section.display === 'tags' || section.display === 'pairs';
    blocks.push(`## ${section.title}\n\n${items.join(compact ? '\n' : '\n\n')}`);
  }
  return `${blocks.filter((b) => b.trim() !== '').join('\n\n')}\n`;
}

function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]])/g, '\\$1');
}
