// Markdown and plain-text exports, and the small Markdown the exports read in summaries and
// highlights: the same content as the preview, in the same order, with formatting kept or dropped.
import { describe, expect, it } from 'vitest';
import { layoutResume } from '../../collab/layout.ts';
import type { JsonResume } from '../../collab/schema.ts';
import { inlinePlain, markdownPlain, parseInline } from '../../server/export/markdown.ts';
import { layoutToMarkdown, layoutToText } from '../../server/export/text.ts';
import { attachment } from '../../server/export/printed.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

const settings = { template: 'technical', sectionOrder: [], hiddenSections: ['references'] };

describe('Markdown and plain-text export', () => {
  it('writes the header, then the sections in reading order, skipping hidden ones', () => {
    const resume = loadResumeFixture('complete-resume.json') as JsonResume;
    const layout = layoutResume(resume, settings);
    const text = layoutToText(layout);
    const md = layoutToMarkdown(layout);
    expect(text.split('\n')[0]).toBe('Jane Developer');
    expect(md.split('\n')[0]).toBe('# Jane Developer');
    // The technical template reads its side column (skills) first.
    expect(text.indexOf('SKILLS')).toBeLessThan(text.indexOf('WORK EXPERIENCE'));
    expect(md.indexOf('## Skills')).toBeLessThan(md.indexOf('## Work experience'));
    expect(text).not.toContain('REFERENCES');
    expect(md).toContain('[jane.developer@example.com](mailto:jane.developer@example.com)');
    expect(md).toMatch(/\n### Senior Software Engineer — \[TechCorp Inc\]\(https:\/\/[^)]+\)\n\n\*Mar 2021 – Present\*\n/);
    expect(md).toContain('- **Frontend** *(Expert)*: React, TypeScript');
    expect(text).toContain('Senior Software Engineer, TechCorp Inc\nMar 2021 – Present');
    expect(text).toContain('- Architected and implemented new microservices platform using Node.js and Kubernetes');
  });

  it('keeps every word of Japanese and accented resumes', () => {
    for (const name of ['kurone-kito-japanese.resume.json', 'career-changer.resume.json']) {
      const resume = loadResumeFixture(name) as JsonResume;
      const text = layoutToText(layoutResume(resume, { template: 'classic', sectionOrder: [], hiddenSections: [] }));
      const basics = resume.basics as { name: string; label: string };
      expect(text).toContain(basics.name);
      expect(text).toContain(basics.label);
    }
  });

  it('reads bold, italic, code and safe links in a highlight, and drops unsafe link targets', () => {
    expect(parseInline('Cut **build time** by *40 %* with `esbuild` and [a fix](https://x.dev/fix) [bad](javascript:alert(1))')).toEqual([
      { text: 'Cut ' },
      { text: 'build time', bold: true },
      { text: ' by ' },
      { text: '40 %', italic: true },
      { text: ' with ' },
      { text: 'esbuild', code: true },
      { text: ' and ' },
      { text: 'a fix', href: 'https://x.dev/fix' },
      { text: ' ' },
      { text: 'bad' },
    ]);
    expect(inlinePlain('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
    expect(markdownPlain('Led a team.\n\n- **Hired** 5\n1. Shipped')).toBe('Led a team.\n- Hired 5\n1. Shipped');
  });

  it('names attachments after the title, with an ASCII fallback', () => {
    expect(attachment('Zoë — Backend 2026', 'pdf')).toBe(
      `attachment; filename="Zoe-Backend-2026.pdf"; filename*=UTF-8''${encodeURIComponent('Zoë — Backend 2026.pdf')}`,
    );
    expect(attachment('履歴書', 'txt')).toContain('filename="resume.txt"');
  });
});
