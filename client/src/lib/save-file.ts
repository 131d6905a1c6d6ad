// Hands a file fetched from the server to the browser's downloads, under the name the server gave it.
import type { DownloadedFile } from './api.ts';

export function saveFile(file: Pick<DownloadedFile, 'blob' | 'filename'>): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the blob is freed once the browser surely has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const PAPER_KEY = 'export-paper';

/** The paper this browser last exported on (A4 unless Letter was chosen). */
export function preferredPaper(): 'a4' | 'letter' {
  try {
    return localStorage.getItem(PAPER_KEY) === 'letter' ? 'letter' : 'a4';
  } catch {
    return 'a4';
  }
}

export function rememberPaper(paper: 'a4' | 'letter'): void {
  try {
    localStorage.setItem(PAPER_KEY, paper);
  } catch {
    // private mode or storage full: the choice lasts for this page only
  }
}
