// Page breaks in the preview as the PDF makes them: an entry that would cross the end of an A4
// page moves to the top of the next one (its section heading with it when it is the first entry),
// and every page keeps its top and bottom margin. Works on the drawn sheet, at any zoom.

/** The entries a page break must not cut, in document order. A summary is cut between its
 *  paragraphs and list items (as the PDF cuts it between lines), never moved whole. */
const UNIT_SELECTOR = '.rp-item, .rp-tag-group, .rp-pair, .rp-quote, .rp-display-text .rp-md > :not(ul, ol), .rp-display-text .rp-md li';
const PUSHED = 'data-rp-pushed';

interface Unit {
  /** What gets the extra top margin: the unit, or its section for a section's first unit. */
  readonly target: HTMLElement;
  readonly top: number;
  readonly bottom: number;
  readonly column: Element | null;
}

/**
 * Moves entries that would be cut by a page end to the next page. `ruler` is an element exactly
 * one A4 page tall inside the sheet; `page` holds the content, its padding being the page margins.
 */
export function paginate(sheet: HTMLElement, ruler: HTMLElement, page: HTMLElement): void {
  for (const element of sheet.querySelectorAll<HTMLElement>(`[${PUSHED}]`)) {
    element.style.marginTop = '';
    element.removeAttribute(PUSHED);
  }
  const pageRect = ruler.getBoundingClientRect();
  const pageHeight = pageRect.height;
  if (pageHeight === 0) return;
  // Rectangles are zoomed; computed styles are not. This converts the latter into the former.
  const scale = pageHeight / ruler.offsetHeight;
  const style = getComputedStyle(page);
  const bottomMargin = parseFloat(style.paddingBottom) * scale;
  const topMargin = Math.max(parseFloat(style.paddingTop) * scale, bottomMargin);
  const room = pageHeight - topMargin - bottomMargin;
  const origin = sheet.getBoundingClientRect().top;

  const units = measure(sheet, origin);
  const pushes: Array<[HTMLElement, number]> = [];
  const shiftByColumn = new Map<Element | null, number>();
  for (const unit of units) {
    const shift = shiftByColumn.get(unit.column) ?? 0;
    const top = unit.top + shift;
    const bottom = unit.bottom + shift;
    const index = Math.floor(top / pageHeight);
    const pageStart = index * pageHeight;
    let push = 0;
    if (index > 0 && top < pageStart + topMargin) push = pageStart + topMargin - top;
    else if (bottom > pageStart + pageHeight - bottomMargin && bottom - top <= room) {
      push = pageStart + pageHeight + topMargin - top;
    }
    if (push <= 0) continue;
    pushes.push([unit.target, push / scale]);
    shiftByColumn.set(unit.column, shift + push);
  }
  // Reads first, then writes: one layout for the whole sheet.
  const margins = pushes.map(([target]) => parseFloat(getComputedStyle(target).marginTop) || 0);
  pushes.forEach(([target, push], i) => {
    target.style.marginTop = `${(margins[i] ?? 0) + push}px`;
    target.setAttribute(PUSHED, '');
  });
}

function measure(sheet: HTMLElement, origin: number): Unit[] {
  const seen = new Set<Element>();
  return [...sheet.querySelectorAll<HTMLElement>(UNIT_SELECTOR)].map((element) => {
    const section = element.closest<HTMLElement>('.rp-section');
    const first = section !== null && !seen.has(section);
    if (section) seen.add(section);
    const target = first && section ? section : element;
    const rect = element.getBoundingClientRect();
    return {
      target,
      top: target.getBoundingClientRect().top - origin,
      bottom: rect.bottom - origin,
      column: element.closest('.rp-column'),
    };
  });
}
