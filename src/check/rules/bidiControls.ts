import type { SourceFile } from '../../parser/ast.js';
import { LineMap } from '../../parser/positions.js';
import { BIDI_CONTROLS } from '../../diagnostics/escapeText.js';
import type { Reporter } from '../context.js';

/**
 * W0605: an invisible bidi embedding, override or isolate (the "Trojan
 * Source" characters) can make a line display in an order other than the one
 * aeganc reads, say a string that seems to end before code that is really in
 * it. Where the lexer accepts one (in strings and comments) it is reported,
 * as rustc's `text_direction_codepoint_in_literal` does; a warning, since a
 * file name may need one, and diagnostics print it escaped either way.
 */
export function checkBidiControls(file: SourceFile, reporter: Reporter): void {
  const text = file.text;
  let lines: LineMap | undefined;
  for (let offset = 0; offset < text.length; offset++) {
    const name = BIDI_CONTROLS.get(text.charCodeAt(offset));
    if (name === undefined) continue;
    lines ??= new LineMap(text);
    const code = text.charCodeAt(offset).toString(16).toUpperCase();
    reporter.report('BidiControl', lines.span(offset, offset + 1), { codepoint: `U+${code}`, name }, {
      hint: `remove it; a string that must hold it can write the escape \`\\u${code.toLowerCase()}\` instead`,
    });
  }
}
