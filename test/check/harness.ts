// One harness for every check's tests (graphql-js's validation harness):
// each test states the code, the message and the line:column it expects.
import { expect } from 'vitest';
import { compileSpec } from '../../src/compile.js';
import type { CheckOptions } from '../../src/check/checkModule.js';
import type { CheckRule } from '../../src/check/context.js';

export interface Expected {
  readonly code: string;
  readonly message: string | RegExp;
  readonly line: number;
  readonly column: number;
  readonly hint?: string | RegExp;
}

export function diagnosticsOf(source: string, options: CheckOptions = {}) {
  return compileSpec(source, 'spec.aegan', options).diagnostics;
}

/** Asserts exactly these diagnostics (in order), and nothing else. */
export function expectDiagnostics(source: string, expected: readonly Expected[], options: CheckOptions = {}): void {
  const actual = diagnosticsOf(source, options);
  const summary = actual.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`);
  expect(actual.length, `diagnostics:\n${summary.join('\n')}`).toBe(expected.length);
  expected.forEach((e, i) => {
    const d = actual[i]!;
    expect({ code: d.code, line: d.span?.start.line, column: d.span?.start.column }, summary.join('\n')).toEqual({ code: e.code, line: e.line, column: e.column });
    expect(d.message).toMatch(e.message);
    if (e.hint !== undefined) expect(d.hint ?? '').toMatch(e.hint);
  });
}

export function expectClean(source: string, options: CheckOptions = {}): void {
  const actual = diagnosticsOf(source, options);
  expect(actual.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`)).toEqual([]);
}

const summarize = (diagnostics: ReturnType<typeof diagnosticsOf>) =>
  diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`).join('\n');

/**
 * Asserts exactly these diagnostics (in order) from one family of checks, and
 * nothing else from it: the other families run but are not reported
 * (graphql-js's `expectValidationErrors(rule, …)`). Syntax errors always are.
 */
export function expectRuleDiagnostics(rule: CheckRule, source: string, expected: readonly Expected[], options: CheckOptions = {}): void {
  const actual = diagnosticsOf(source, { ...options, rules: [rule] });
  // On a mismatch, what every family reports shows where a finding went.
  const context = `${rule} reports:\n${summarize(actual)}\nall families report:\n${summarize(diagnosticsOf(source, options))}`;
  expect(actual.length, context).toBe(expected.length);
  expected.forEach((e, i) => {
    const d = actual[i]!;
    expect({ code: d.code, line: d.span?.start.line, column: d.span?.start.column }, context).toEqual({ code: e.code, line: e.line, column: e.column });
    expect(d.message).toMatch(e.message);
    if (e.hint !== undefined) expect(d.hint ?? '').toMatch(e.hint);
  });
}

/** Asserts that one family of checks finds nothing (the others may). */
export function expectRuleClean(rule: CheckRule, source: string, options: CheckOptions = {}): void {
  expectRuleDiagnostics(rule, source, [], options);
}

/** A minimal valid autoencoder spec; tests splice their mistake into it. */
export const AE = (parts: { network?: string; loss?: string; train?: string; extra?: string } = {}) => `data x: [4] from csv("x.csv")
network enc(v: [4]) -> [2] {
${parts.network ?? '  dense(2)'}
}
network dec(h: [2]) -> [4] {
  dense(4) |> sigmoid
}
${parts.extra ?? ''}
loss recon = ${parts.loss ?? 'mse(x, dec(enc(x)))'}
train {
${parts.train ?? '  step s: minimize recon over enc, dec with adam(lr: 1e-3)\n  steps 10'}
}
`;
