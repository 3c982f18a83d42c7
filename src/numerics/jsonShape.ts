// Checks that parsed JSON has the shape a reader expects (run.json, a
// checkpoint's header), so a damaged file becomes a diagnostic that names the
// field instead of a crash further on. A check returns what is wrong, or
// undefined.

export type ShapeCheck = (value: unknown, at: string) => string | undefined;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function named(at: string): string {
  return at === '' ? 'the top level' : `\`${at}\``;
}

function expect(test: (value: unknown) => boolean, what: string): ShapeCheck {
  return (value, at) => (test(value) ? undefined : `${named(at)} should be ${what}, not ${show(value)}`);
}

export const isString = expect((v) => typeof v === 'string', 'a string');
export const isNumber = expect((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
export const isCount = expect((v) => Number.isInteger(v) && (v as number) >= 0, 'a non-negative integer');
export const isPositive = expect((v) => Number.isInteger(v) && (v as number) >= 1, 'a positive integer');

export function isOneOf(...values: readonly unknown[]): ShapeCheck {
  return expect((v) => values.includes(v), values.map((v) => show(v)).join(' or '));
}

export function isListOf(item: ShapeCheck): ShapeCheck {
  return (value, at) => {
    if (!Array.isArray(value)) return `${named(at)} should be a list, not ${show(value)}`;
    for (const [i, element] of value.entries()) {
      const problem = item(element, `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose every value passes `item` (a name → number table). */
export function isTableOf(item: ShapeCheck): ShapeCheck {
  return (value, at) => {
    if (!isPlainObject(value)) return `${named(at)} should be an object, not ${show(value)}`;
    for (const [key, element] of Object.entries(value)) {
      const problem = item(element, at === '' ? key : `${at}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object with these fields; those named in `optional` may be absent. Other fields are ignored. */
export function isObject(fields: Readonly<Record<string, ShapeCheck>>, optional: readonly string[] = []): ShapeCheck {
  return (value, at) => {
    if (!isPlainObject(value)) return `${named(at)} should be an object, not ${show(value)}`;
    for (const [key, check] of Object.entries(fields)) {
      const where = at === '' ? key : `${at}.${key}`;
      if (!(key in value) || value[key] === undefined) {
        if (optional.includes(key)) continue;
        return `field \`${where}\` is missing`;
      }
      const problem = check(value[key], where);
      if (problem) return problem;
    }
    return undefined;
  };
}
