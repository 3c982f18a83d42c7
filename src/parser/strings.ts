// String literals use JSON's escapes. Decoding is lenient so that a bad escape
// becomes one diagnostic and a usable value, not a failed parse.

export interface DecodedString {
  readonly value: string;
  /** Offsets (within the literal's text) and lengths of escapes JSON does not allow. */
  readonly invalidEscapes: readonly { readonly offset: number; readonly length: number }[];
}

const simpleEscapes: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Decodes `"…"` as written, closing quote optional (an unterminated string). */
export function decodeString(raw: string): DecodedString {
  const closed = raw.length >= 2 && raw.endsWith('"') && !endsInEscape(raw);
  const body = raw.slice(1, closed ? -1 : undefined);
  const invalidEscapes: { offset: number; length: number }[] = [];
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = body[i + 1] ?? '';
    const hex = body.slice(i + 2, i + 6);
    if (next in simpleEscapes) {
      value += simpleEscapes[next];
      i += 1;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else {
      // Keep the text as written; the offset is +1 for the opening quote.
      invalidEscapes.push({ offset: i + 1, length: next === '' ? 1 : 2 });
      value += char + next;
      i += 1;
    }
  }
  return { value, invalidEscapes };
}

/** `"abc\"` ends in an escaped quote, so it is not closed. */
function endsInEscape(raw: string): boolean {
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 0 && raw[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
