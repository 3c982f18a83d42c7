// User text (spec lines, names, strings, CSV headers) printed to a terminal
// must not drive it: an ESC starts a control sequence, a bidi override makes
// the line read differently from what the compiler sees. Every such character
// is shown as a visible escape, `\u{1b}`, as Rust's `escape_debug` writes it.
// JSON output needs none of this: JSON.stringify escapes what it must.

/**
 * C0 controls but tab (kept, so carets line up under tabbed text), DEL, C1
 * controls, the bidi embeddings, overrides, isolates and marks, and the line
 * and paragraph separators.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu;

/** The bidi controls rustc's `text_direction_codepoint_in_literal` names: embeddings, overrides, isolates. */
export const BIDI_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
]);

function escapeOne(char: string): string {
  return `\\u{${char.codePointAt(0)!.toString(16)}}`;
}

/** `text` with every terminal-unsafe character written as `\u{…}`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** A source line as printed, and where each of its columns moved to. */
export interface DisplayLine {
  readonly text: string;
  /** The 1-based column in `text` of the raw 1-based `column` (past the end: just after the end). */
  column(column: number): number;
}

export function displayLine(line: string): DisplayLine {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(line)) return { text: line, column: (c) => c };
  const text = escapeControls(line);
  return { text, column: (c) => escapeControls(line.slice(0, Math.max(0, c - 1))).length + 1 };
}
