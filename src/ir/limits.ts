// The largest values aeganc accepts, checked before anything is allocated, so
// that a spec (or a `--set`, `--batch`, `--steps` flag) that cannot run is an
// error at check time rather than a crash in training. docs/reference.md
// ("Limits") explains each one; src/ir/resources.ts applies the memory ones.

/** Integers above this are not exact in a float64 (2^53 − 1). */
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/** tfjs indexes a tensor's elements with int32: no tensor may hold more (2^31 − 1). */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * Labels reach training as float32 (one_hot, cross_entropy), which holds every
 * integer exactly only up to 2^24: a class index above it would alias.
 */
export const MAX_CLASSES = 2 ** 24;

/**
 * Step execution n draws its randoms from seed stream `2 + n`, a 32-bit value
 * whose top (0xffffffff) is the sample grid's (src/ir/seeds.ts): a run may
 * execute steps at most 2^32 − 3 times, or two executions share their noise.
 */
export const MAX_STEP_EXECUTIONS = 2 ** 32 - 3;

/** Seeds are mixed as unsigned 32-bit integers: larger ones would alias smaller ones. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * The wasm backend (the default) lives in a 32-bit address space: its heap
 * cannot grow past 4 GiB, so that bounds what one training run may hold.
 */
export const MAX_TRAINING_BYTES = 4 * 2 ** 30;

/**
 * `n.toLocaleString('en-US')` (`1,234,567`), without it for integers: the
 * first toLocaleString of a process loads ICU's locale data, ~20 ms of every
 * `aeganc check`.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${grouped}` : grouped;
}

/** `n` and the word, in the plural unless n is 1: `1 step`, `2,640 steps`. */
export function counted(n: number, word: string, plural = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : plural}`;
}

/** Bytes as a person reads them: `3.1 MiB`, `4 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  const text = value >= 100 ? value.toFixed(0) : String(Number(value.toFixed(1)));
  return `${text} ${units[unit]}`;
}
