// What tfjs and the JavaScript engine throw when memory runs out: a typed
// array too long for V8 or for the machine (cpu backend, and every readback),
// wasm memory that cannot grow, a WebGPU buffer that cannot be created. Such
// an error is the spec asking for too much, not a bug in aeganc, so train
// reports it as E0511 instead of an internal error.

const ALLOCATION_MESSAGES = [
  /invalid typed array length/i,
  /array buffer allocation failed/i,
  /invalid array buffer length/i,
  /out of memory/i,
  /\bOOM\b/,
  /cannot enlarge memory/i,
  /can(not|'t) allocate/i,
  /could not allocate/i,
  /failed to allocate/i,
];

/** Whether `error` says memory could not be allocated. */
export function isAllocationFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return ALLOCATION_MESSAGES.some((pattern) => pattern.test(error.message));
}
