// The shared memory of a data-parallel step (bench only): the weights the
// main thread broadcasts, the gradient and loss the helper sends back, and
// two counters: the step the main thread asked for and the one the helper
// finished.

export interface StepMemory {
  readonly control: Int32Array; // [0] = step requested (-1: stop), [1] = step done
  readonly weights: Float32Array;
  readonly grads: Float32Array;
  readonly loss: Float32Array;
}

export function stepMemory(buffers: { control: SharedArrayBuffer; weights: SharedArrayBuffer; grads: SharedArrayBuffer; loss: SharedArrayBuffer }): StepMemory {
  return {
    control: new Int32Array(buffers.control),
    weights: new Float32Array(buffers.weights),
    grads: new Float32Array(buffers.grads),
    loss: new Float32Array(buffers.loss),
  };
}

export function newBuffers(parameters: number) {
  return {
    control: new SharedArrayBuffer(8),
    weights: new SharedArrayBuffer(parameters * 4),
    grads: new SharedArrayBuffer(parameters * 4),
    loss: new SharedArrayBuffer(4),
  };
}

/** Blocks until control[index] holds `value` or a stop (-1); Atomics.wait is allowed on Node's main thread. */
export function waitFor(control: Int32Array, index: number, value: number): void {
  for (;;) {
    const seen = Atomics.load(control, index);
    if (seen === value || seen < 0) return;
    Atomics.wait(control, index, seen);
  }
}
