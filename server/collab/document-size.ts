// The document size cap's measure: what a newcomer would receive (the state after garbage
// collection), estimated cheaply per update and measured exactly only when near the cap.
import * as Y from 'yjs';

export class DocumentSize {
  private measured = 0;
  /** Bytes of updates applied since the last measurement: an upper bound of the growth. */
  private added = 0;

  constructor(
    private readonly doc: Y.Doc,
    readonly max: number,
  ) {}

  /** The estimate: about an upper bound, since an update is rarely smaller than what it adds to the state. */
  get bytes(): number {
    return this.measured + this.added;
  }

  /** Encodes the whole state once (deleted text is gone from it). */
  measure(): number {
    this.measured = Y.encodeStateAsUpdate(this.doc).length;
    this.added = 0;
    return this.measured;
  }

  grew(bytes: number): void {
    this.added += bytes;
  }

  /** Whether `bytes` more still fit under the cap. Re-measures only when the estimate says no,
   *  so keystrokes far from the cap cost an addition, and deleting text makes room again. */
  fits(bytes: number): boolean {
    if (this.bytes + bytes <= this.max) return true;
    if (this.added > 0) this.measure();
    return this.bytes + bytes <= this.max;
  }
}
