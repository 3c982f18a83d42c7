// A deterministic generator of values in −1..1 for the metric tests (no seedable
// Math.random in JavaScript): the same draws on every run and machine.
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}
