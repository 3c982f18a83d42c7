// The header of a .npy file: a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// read strictly, as numpy.lib.format does with ast.literal_eval and its key
// check: exactly the keys descr, fortran_order and shape, each once; descr a
// string, fortran_order True or False, shape a tuple of non-negative
// integers. Anything else (a structured dtype, a duplicated or extra key,
// trailing text) is not a header we read.

export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

type Value = { readonly kind: 'string'; readonly text: string } | { readonly kind: 'bool'; readonly value: boolean } | { readonly kind: 'tuple'; readonly items: number[] };

/** A cursor over the header text; every method returns null when the text does not continue as expected. */
class Cursor {
  private at = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  eat(punctuation: string): boolean {
    this.skipSpace();
    if (this.text[this.at] !== punctuation) return false;
    this.at++;
    return true;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.at === this.text.length;
  }

  string(): string | null {
    this.skipSpace();
    const quote = this.text[this.at];
    if (quote !== "'" && quote !== '"') return null;
    const end = this.text.indexOf(quote, this.at + 1);
    if (end < 0) return null;
    const body = this.text.slice(this.at + 1, end);
    if (body.includes('\\')) return null;
    this.at = end + 1;
    return body;
  }

  private match(pattern: RegExp): string | null {
    this.skipSpace();
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found) return null;
    this.at += found[0].length;
    return found[0];
  }

  value(): Value | null {
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === "'" || ch === '"') {
      const text = this.string();
      return text === null ? null : { kind: 'string', text };
    }
    if (ch === '(') {
      this.at++;
      const items: number[] = [];
      while (!this.eat(')')) {
        const digits = this.match(/\d+L?/y);
        if (digits === null) return null;
        items.push(Number(digits.replace('L', '')));
        if (!this.eat(',')) {
          if (!this.eat(')')) return null;
          break;
        }
      }
      return { kind: 'tuple', items };
    }
    const word = this.match(/True|False/y);
    return word === null ? null : { kind: 'bool', value: word === 'True' };
  }
}

function readDict(text: string): Map<string, Value> | null {
  const cursor = new Cursor(text);
  const entries = new Map<string, Value>();
  if (!cursor.eat('{')) return null;
  while (!cursor.eat('}')) {
    const key = cursor.string();
    if (key === null || entries.has(key) || !cursor.eat(':')) return null;
    const value = cursor.value();
    if (value === null) return null;
    entries.set(key, value);
    if (!cursor.eat(',')) {
      if (!cursor.eat('}')) return null;
      break;
    }
  }
  return cursor.atEnd() ? entries : null;
}

/** The header's three fields, or null if `text` is not exactly such a dict. */
export function parseNpyHeader(text: string): NpyHeader | null {
  const entries = readDict(text);
  if (!entries || entries.size !== 3) return null;
  const descr = entries.get('descr');
  const fortran = entries.get('fortran_order');
  const shape = entries.get('shape');
  if (descr?.kind !== 'string' || fortran?.kind !== 'bool' || shape?.kind !== 'tuple') return null;
  return { descr: descr.text, fortranOrder: fortran.value, shape: shape.items };
}
