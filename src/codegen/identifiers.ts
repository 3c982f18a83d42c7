// Every name a spec contributes to generated code (networks, layers, losses,
// fields, params) passes through here. The lexer already limits spec names to
// [A-Za-z_][A-Za-z0-9_]*, but generated code does not rely on that: a name is
// reduced to identifier characters, kept clear of JavaScript's reserved words,
// of the globals and shared helpers generated code uses, and of names already
// taken, and then checked again. Strings go through `stringLiteral` only.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Reserved words, strict-mode and TypeScript names that cannot (or should not) be bindings. */
const RESERVED_WORDS = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'any', 'unknown', 'never', 'number', 'string', 'boolean',
  'symbol', 'object', 'bigint', 'type', 'of', 'as', 'is', 'keyof', 'readonly', 'declare', 'namespace', 'module',
  'require', 'exports', 'global', 'globalThis', 'constructor', 'prototype', '__proto__',
];

/** Globals generated code refers to; a spec name must not shadow them. */
const GLOBALS = [
  'tf', 'Tensor', 'Math', 'Object', 'Array', 'Map', 'Set', 'Promise', 'Error', 'Number', 'String', 'JSON',
  'Float32Array', 'Int32Array', 'Uint8Array', 'ArrayBuffer', 'Symbol', 'Date', 'console', 'process',
  'performance', 'setTimeout',
];

/** Whether `name` can be written as a binding in generated code as it is. */
export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED_WORDS.includes(name) && !GLOBALS.includes(name);
}

/**
 * Whether `name` can be a property name as it is: any identifier but those
 * every object inherits (`__proto__`, `constructor`, `toString`...), which
 * would make an options object's absent property look present.
 */
export function isSafeProperty(name: string): boolean {
  return IDENTIFIER.test(name) && !(name in Object.prototype);
}

/** Identifier characters only: anything else becomes `_`; a leading digit gets a `_` before it. */
function sanitize(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return cleaned === '' || /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * A set of bindings that must not collide. `claim` returns the spec's name
 * when it is safe and free, else the name with `_2`, `_3`... appended.
 */
export class NameScope {
  private readonly taken: Set<string>;

  constructor(
    reserved: Iterable<string> = [],
    private readonly parent?: NameScope,
    /** Property names (of the API's interfaces) may be keywords and globals; bindings may not. */
    private readonly isSafe: (name: string) => boolean = isSafeIdentifier,
  ) {
    this.taken = new Set(reserved);
  }

  /** A scope for the property names of one object type. */
  static properties(reserved: Iterable<string> = []): NameScope {
    return new NameScope(reserved, undefined, isSafeProperty);
  }

  has(name: string): boolean {
    return this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  claim(wanted: string): string {
    const base = sanitize(wanted);
    let name = base;
    for (let n = 2; !this.isSafe(name) || this.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    // Belt and braces: nothing but an identifier ever leaves this class.
    if (!IDENTIFIER.test(name)) throw new Error(`internal: \`${name}\` is not an identifier`);
    return name;
  }

  /** A nested scope (a function body): sees this scope's names, adds its own. */
  child(reserved: Iterable<string> = []): NameScope {
    return new NameScope(reserved, this, this.isSafe);
  }
}

/** A string literal for generated code: JSON's escaping is valid TypeScript and escapes every quote and newline. */
export function stringLiteral(value: string): string {
  // U+2028/9 are line terminators in older JavaScript string literals; escape them too.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A number literal; shapes and attributes are finite by the checker's guarantee. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal: ${value} in generated code`);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Text safe inside a `//` or `/* *\/` comment: no comment terminator, no line break. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** `encoder` → `Encoder`, for type names derived from spec names. */
export function pascalCase(name: string): string {
  const cleaned = sanitize(name).replace(/^_+/, '');
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
