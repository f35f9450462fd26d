/**
 * Source positions. Every layer below the LSP adapter speaks in UTF-16 code-unit
 * offsets into the document text (what JS strings index); the edges (CLI, LSP)
 * convert with a LineIndex. Keeping one representation avoids off-by-one drift
 * between layers.
 */
export interface Span {
  /** inclusive start offset */
  start: number;
  /** exclusive end offset */
  end: number;
}

/** 0-based line and character (UTF-16), as LSP uses. */
export interface Position {
  line: number;
  character: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** `s` moved by `d` (itself when d is 0): a span of a part of the text an edit moved */
export function shiftedSpan(s: Span, d: number): Span {
  return d === 0 ? s : { start: s.start + d, end: s.end + d };
}

export function covers(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset <= outer.end;
}

/** Maps offsets to line/character and back in O(log lines). */
export class LineIndex {
  private readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // no carriage return (nearly every file): the newlines by indexOf, which scans far faster
      // than a loop over the characters
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) starts.push(i + 1);
        else if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}
