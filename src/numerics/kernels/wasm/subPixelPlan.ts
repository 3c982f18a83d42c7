// The geometry of computing Conv2DBackpropInput (the forward pass of
// conv2d_transpose) with stride-1 convolutions, the "sub-pixel" form. Along
// one axis, with forward stride s, padding p before, kernel size K, input
// size H = T·s and gradient size OH:
//
//   dx[h] = Σ_{kh, oh : oh·s + kh = h + p} dy[oh] · W[kh]
//
// Output rows h = t·s + a (phase a in 0..s−1) only see taps kh ≡ a + p (mod s),
// so each phase is a stride-1 correlation of dy with every s-th tap, flipped.
// The phases become the s·s output channel groups that are interleaved back
// into rows and columns afterwards, computed either by one convolution over a
// window common to all phases (zero taps where a phase has none: one XNNPACK
// call, but the zeros cost multiply-adds) or by one convolution per phase on
// its own tight window (no waste; s·s calls and a concatenation).
// Pure arithmetic: no tensors here, so it is tested on its own.

/** One phase along one axis: the dy rows it reads relative to t, and its taps. */
export interface AxisPhase {
  /** Output row t of the phase reads dy rows t + first .. t + first + taps.length − 1. */
  readonly first: number;
  /** The kernel row read at each of those dy rows. */
  readonly taps: readonly number[];
}

export interface AxisPlan {
  readonly stride: number;
  readonly rowsPerPhase: number;
  readonly gradientSize: number;
  readonly phases: readonly AxisPhase[];
  /** The window common to all phases: dy rows t + first .. t + first + size − 1. */
  readonly common: { readonly first: number; readonly size: number };
}

/**
 * Plans one axis, or returns null where the sub-pixel form does not apply
 * (the size is not a multiple of the stride, or the kernel is narrower than
 * the stride); the caller then keeps tfjs's kernel.
 */
export function planAxis(inSize: number, outSize: number, kernel: number, stride: number, padBefore: number): AxisPlan | null {
  if (inSize % stride !== 0 || kernel < stride) return null;
  const phases = Array.from({ length: stride }, (_, a): AxisPhase => {
    const r = (((a + padBefore) % stride) + stride) % stride;
    const count = Math.ceil((kernel - r) / stride);
    // Tap r + j·s meets dy row t + (a + p − r)/s − j; list them by ascending row.
    const first = (a + padBefore - r) / stride - (count - 1);
    const taps = Array.from({ length: count }, (_, m) => r + (count - 1 - m) * stride);
    return { first, taps };
  });
  const lo = Math.min(...phases.map((p) => p.first));
  const hi = Math.max(...phases.map((p) => p.first + p.taps.length - 1));
  return { stride, rowsPerPhase: inSize / stride, gradientSize: outSize, phases, common: { first: lo, size: hi - lo + 1 } };
}

/** Padding of dy so a window starting at `first` yields rowsPerPhase rows; null if dy would need cropping. */
export function windowPadding(plan: AxisPlan, first: number, size: number): [number, number] | null {
  const before = -first;
  const after = plan.rowsPerPhase - 1 + first + size - 1 - (plan.gradientSize - 1);
  return before >= 0 && after >= 0 ? [before, after] : null;
}

/** Multiply-adds the common window spends in all, as a ratio to the real ones (≥ 1). */
export function commonWindowWaste(rows: AxisPlan, cols: AxisPlan): number {
  const taps = (plan: AxisPlan): number => plan.phases.reduce((sum, phase) => sum + phase.taps.length, 0);
  return (rows.common.size * rows.stride * cols.common.size * cols.stride) / (taps(rows) * taps(cols));
}

export interface FilterValues {
  readonly values: Float32Array;
  readonly shape: [number, number, number, number];
}

/** The kernel row phase `phase` reads at row m of a window starting at `first`, or −1. */
function tapAt(phase: AxisPhase, first: number, m: number): number {
  const index = first + m - phase.first;
  return index >= 0 && index < phase.taps.length ? phase.taps[index] : -1;
}

/**
 * A stride-1 filter [windowH, windowW, Cout, groups·Cin] from W [KH, KW, Cin, Cout]
 * for the listed phases: channel group g holds phases[g].
 */
function phaseFilter(
  weights: Float32Array,
  filterShape: readonly [number, number, number, number],
  window: { readonly rowFirst: number; readonly rows: number; readonly colFirst: number; readonly cols: number },
  phases: readonly { readonly row: AxisPhase; readonly col: AxisPhase }[],
): FilterValues {
  const [, kw, cin, cout] = filterShape;
  const channels = phases.length * cin;
  const values = new Float32Array(window.rows * window.cols * cout * channels);
  for (let mh = 0; mh < window.rows; mh++) {
    for (let mw = 0; mw < window.cols; mw++) {
      phases.forEach(({ row, col }, group) => {
        const kh = tapAt(row, window.rowFirst, mh);
        const kwTap = tapAt(col, window.colFirst, mw);
        if (kh < 0 || kwTap < 0) return;
        for (let ci = 0; ci < cin; ci++) {
          const src = ((kh * kw + kwTap) * cin + ci) * cout;
          const dst = (mh * window.cols + mw) * cout * channels + group * cin + ci;
          for (let co = 0; co < cout; co++) values[dst + co * channels] = weights[src + co];
        }
      });
    }
  }
  return { values, shape: [window.rows, window.cols, cout, channels] };
}

/** All phases in one filter over the common window, channel group aH·s_w + aW. */
export function commonFilter(weights: Float32Array, filterShape: readonly [number, number, number, number], rows: AxisPlan, cols: AxisPlan): FilterValues {
  const phases = rows.phases.flatMap((row) => cols.phases.map((col) => ({ row, col })));
  const window = { rowFirst: rows.common.first, rows: rows.common.size, colFirst: cols.common.first, cols: cols.common.size };
  return phaseFilter(weights, filterShape, window, phases);
}

/** One phase's filter over its own tight window: no zero taps. */
export function singlePhaseFilter(weights: Float32Array, filterShape: readonly [number, number, number, number], row: AxisPhase, col: AxisPhase): FilterValues {
  const window = { rowFirst: row.first, rows: row.taps.length, colFirst: col.first, cols: col.taps.length };
  return phaseFilter(weights, filterShape, window, [{ row, col }]);
}
