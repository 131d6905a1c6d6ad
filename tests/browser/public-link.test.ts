// A public link in real Chromium: the owner turns it on in the editor and copies it; someone
// without an account opens it, reads the resume (hidden items left out) and downloads the PDF; the
// owner sees the counts go up, turns the link off, and the visitor is told it is gone.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createResume, signup } from '../harness/api.ts';
import { readPdf } from '../harness/pdf-text.ts';
import type { TestServer } from '../harness/server.ts';
import { newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

describe('a public link to a resume', () => {
  it('shows the resume to anyone with the link, counts views and downloads for the owner, and stops when turned off', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Ana — private title',
      template: 'executive',
      jsonResume: {
        basics: { name: 'Ana Ruiz', label: 'Platform engineer', email: 'ana@example.com', summary: 'Builds calm, reliable platforms.' },
        work: [
          { name: 'Acme Corp', position: 'Staff engineer', startDate: '2021-03', highlights: ['Cut deploy time from 40 to 6 minutes'] },
          { name: 'Globex Summer', position: 'Intern', startDate: '2019-06', endDate: '2019-09' },
        ],
        skills: [{ name: 'Infrastructure', keywords: ['Kubernetes', 'Terraform', 'Postgres'] }],
      },
    });
    const seeker = await newPerson(browser, server, owner);
    await seeker.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const a = seeker.page;
    await a.goto(`/resumes/${id}`);
    await a.getByRole('button', { name: 'Hide Intern' }).click();
    await a.getByText('Hidden from resume').waitFor();

    // The owner turns the link on and copies it.
    await a.getByRole('button', { name: 'Public link' }).click();
    await a.getByRole('button', { name: 'Turn on public link' }).click();
    const urlField = a.getByLabel('Anyone with this link can view and download your resume');
    const url = await urlField.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/p/[\\w-]{43}$`));
    await a.getByRole('button', { name: 'Copy' }).click();
    await a.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(url);
    expect(await a.getByTestId('public-link-views').textContent()).toBe('0');
    await screenshot(a, 'public-link-panel');

    // Someone without an account opens it: the resume in its template, the hidden item left out.
    const visitor = await newPerson(browser, server);
    const v = visitor.page;
    await v.goto(url);
    const sheet = v.getByTestId('preview');
    await sheet.getByRole('heading', { name: 'Ana Ruiz' }).waitFor();
    expect(await sheet.getAttribute('data-template')).toBe('executive');
    expect(await sheet.textContent()).toContain('Cut deploy time from 40 to 6 minutes');
    expect(await sheet.textContent()).not.toContain('Globex Summer');
    expect(await v.title()).toBe('Ana Ruiz — Resume');
    expect(await v.textContent('body')).not.toContain('private title');
    await screenshot(v, 'public-page');

    const [download] = await Promise.all([v.waitForEvent('download'), v.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('Ana Ruiz Resume.pdf');
    const pdf = await readPdf(await readFile(await download.path()));
    expect(pdf.text).toContain('Ana Ruiz');
    expect(pdf.text).toContain('Kubernetes');
    expect(pdf.text).not.toContain('Globex');

    // The owner sees one view and one download (their own visits are not counted).
    await a.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => a.getByTestId('public-link-views').textContent()).toBe('1');
    expect(await a.getByTestId('public-link-downloads').textContent()).toBe('1');

    // Turned off: the visitor's next download and a reload both say the link is gone.
    await a.getByRole('button', { name: 'Turn off' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Turn off' }).click();
    await a.getByRole('button', { name: 'Turn on public link' }).waitFor();
    await v.getByRole('button', { name: 'Download PDF' }).click();
    await v.getByRole('heading', { name: 'This link is no longer available' }).waitFor();
    await v.reload();
    await v.getByRole('heading', { name: 'This link is no longer available' }).waitFor();
    await screenshot(v, 'public-page-gone');
    expect([...seeker.errors, ...visitor.errors]).toEqual([]);
    await seeker.context.close();
    await visitor.context.close();
  });
});
