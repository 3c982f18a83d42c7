// Which of the interpreter's kernel fixes (src/numerics/kernels) a generated
// module carries, and which gradient registrations it performs, read off the
// tfjs calls in its own code (the copied helpers and the spec's code): a fix
// is copied when an op whose forward or backward pass runs the kernel it
// repairs is called. test/codegen/kernels.test.ts trains every example in a
// bare process and checks that each repaired kernel its training ran was
// installed by the module.

/** One fix, by its exported name in src/numerics/kernels, and the calls that need it. */
interface FixRule {
  readonly fix: string;
  readonly calls: RegExp;
}

const CONV = /\btf\.conv2d(Transpose)?\(/;

const RULES: readonly FixRule[] = [
  // conv2d's weight gradient; conv2d_transpose's too. Both backends.
  { fix: 'wasmConv2DBackpropFilterFix', calls: CONV },
  { fix: 'cpuConv2DBackpropFilterFix', calls: CONV },
  // conv2d's input gradient, conv2d_transpose's forward pass.
  { fix: 'wasmConv2DBackpropInputFix', calls: CONV },
  // Every matMul's backward pass multiplies by a transposed operand.
  { fix: 'wasmMatMulTransposedFix', calls: /\btf\.matMul\(/ },
  { fix: 'wasmMaxPoolGradFix', calls: /\btf\.maxPool\(/ },
  { fix: 'wasmOneHotFix', calls: /\btf\.oneHot\(/ },
  // Tile is tfjs's broadcastTo, which `where` and several gradients (clip, batchnorm, leaky_relu...) use:
  // too many routes to list, so every module carries it (27 lines).
  { fix: 'wasmTileFix', calls: /(?:)/ },
  { fix: 'wasmCastToBoolFix', calls: /\btf\.cast\([^;]*'bool'/ },
  // Only an int32 clip needs it. bceLoss's clip of a float32 probability (losses.ts), which wasm clips
  // right, does not count; any other clip (the `clip` term: its operand's dtype is not visible here) does.
  // Should bceLoss's clip change its text, the fix comes back: the safe direction.
  { fix: 'wasmClipInt32Fix', calls: /\btf\.clipByValue\((?!pred, BCE_EPSILON, 1 - BCE_EPSILON\))/ },
  // Sum and Mean over the leading axes: every bias gradient (add's backward) and batch mean runs them.
  { fix: 'wasmSumLeadingAxesFix', calls: /(?:)/ },
  // Identity: the engine clones every tensor it saves for the backward pass.
  { fix: 'wasmIdentitySharedFix', calls: /(?:)/ },
];

/** The fixes' declaration names for code that makes these calls, in kernels/README.md's order. */
export function kernelFixesFor(code: string): string[] {
  return RULES.filter((rule) => rule.calls.test(code)).map((rule) => rule.fix);
}

/**
 * The gradient registration a module performs at load, if any: all of
 * src/numerics/secondOrderGradients.ts for a spec with a penalty (a
 * double backward), else the pool gradients alone when it average-pools
 * (the AvgPool gradient fix is first order).
 */
export function gradientRegistrationFor(code: string, hasPenalty: boolean): string | undefined {
  if (hasPenalty) return 'registerSecondOrderGradients';
  if (/\btf\.avgPool\(/.test(code)) return 'registerPoolGradients';
  return undefined;
}
