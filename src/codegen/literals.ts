// Plain data (IR records: weights, data sources, latents, optimizers) as
// TypeScript literals. Strings go through `stringLiteral`, numbers through
// `numberLiteral`; keys that are not identifiers are quoted. Nothing a spec
// writes reaches generated code any other way.

import { numberLiteral, stringLiteral } from './identifiers.js';

const KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `value` (strings, numbers, booleans, arrays and plain objects of them) as a literal. */
export function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => literal(v)).join(', ')}]`;
  if (typeof value !== 'object' || value === undefined) throw new Error(`internal: cannot write ${typeof value} as a literal`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const body = entries.map(([key, v]) => `${KEY.test(key) && key !== '__proto__' ? key : stringLiteral(key)}: ${literal(v)}`);
  return `{ ${body.join(', ')} }`;
}
