// "Show where": brings a form field into view inside the form's own scroll container, never by
// scrolling the app frame (its top bar stays put); on a phone it first switches to the form tab.

/** Asks the workspace to show the field (the event bubbles to it), then flashes the field. */
export function revealField(el: HTMLElement, opts: { focus?: boolean } = {}): void {
  el.dispatchEvent(new CustomEvent('revealfield', { bubbles: true }));
  if (opts.focus) el.querySelector<HTMLElement>('.cm-content')?.focus({ preventScroll: true });
  el.classList.add('flash');
  setTimeout(() => el.classList.remove('flash'), 1200);
}

/** Centres `el` in its scroll container `pane` by setting the container's scrollTop. */
export function centreIn(pane: HTMLElement, el: HTMLElement): void {
  const paneBox = pane.getBoundingClientRect();
  const box = el.getBoundingClientRect();
  const top = pane.scrollTop + (box.top - paneBox.top) - Math.max(0, (pane.clientHeight - box.height) / 2);
  pane.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
}
