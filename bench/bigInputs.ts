// Specs that are big or deep on purpose: the inputs that once made the front
// end hang, flood its output or overflow its stack (issue 7). The benchmark
// times them; test/parser/bigInputs.test.ts and the fuzzer run them too.

const header = ['model big', 'data x: [4] from csv("data.csv")', 'network enc(v: [4]) -> [4] { dense(4) }', ''];

function spec(lines: readonly string[], train = 'loss l = mse(x, enc(x))'): string {
  return `${[...header, ...lines, train, 'train {', '  step s: minimize l over enc with adam(lr: 1e-3)', '  batch 8', '  steps 1', '}'].join('\n')}\n`;
}

/** `count` unexpected characters, each followed by a space, on one line. */
export function lexFlood(count: number): string {
  return `${'§ '.repeat(count)}\n`;
}

/** `count` one-line params, each naming an unknown param: one diagnostic per line. */
export function manyBadParams(count: number): string {
  return Array.from({ length: count }, (_, i) => `param p${i} = q${i}`).join('\n') + '\n';
}

/** A param that sums `terms` ones: a left-associative chain as deep as it is long. */
export function plusChain(terms: number): string {
  return spec([`param total = ${Array.from({ length: terms }, () => '1').join(' + ')}`]);
}

/** `count` params, each referring to the next; the last is a number. */
export function paramChain(count: number): string {
  const lines = Array.from({ length: count }, (_, i) => (i === count - 1 ? `param p${i} = 1` : `param p${i} = p${i + 1} + 1`));
  return spec(lines);
}

/** `count` lets in reverse order: each refers to the one declared after it. */
export function reversedLets(count: number): string {
  const lines = Array.from({ length: count }, (_, i) => (i === count - 1 ? `let v${i} = enc(x)` : `let v${i} = v${i + 1}`));
  return spec(lines, 'loss l = mse(x, v0)');
}

/** A loss that sums `terms` mse terms. */
export function mseSum(terms: number): string {
  return spec([], `loss l = ${Array.from({ length: terms }, () => 'mse(x, enc(x))').join(' + ')}`);
}

/** A param wrapped in `depth` pairs of parentheses. */
export function nestedParens(depth: number): string {
  return spec([`param deep = ${'('.repeat(depth)}1${')'.repeat(depth)}`]);
}

/** A network of `stages` dense layers joined by `|>`. */
export function pipeChain(stages: number): string {
  const body = Array.from({ length: stages }, () => 'dense(4)').join(' |> ');
  return `${['model big', 'data x: [4] from csv("data.csv")', `network enc(v: [4]) -> [4] { ${body} }`, 'loss l = mse(x, enc(x))', 'train {', '  step s: minimize l over enc with adam(lr: 1e-3)', '  batch 8', '  steps 1', '}'].join('\n')}\n`;
}
