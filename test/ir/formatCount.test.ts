import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/ir/limits.js';

// formatCount groups integers by hand (ICU's first use costs every CLI start ~20 ms):
// it must print exactly what toLocaleString('en-US') does.
describe('formatCount', () => {
  const values = [0, -0, 1, -1, 7, 12, 999, 1000, -1000, 9999, 12345, 123456, 1234567, -98765432, 2 ** 31 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, 1e21, 2 ** 60, NaN, Infinity, -Infinity];
  for (const n of values) {
    it(`${n}`, () => expect(formatCount(n)).toBe(n.toLocaleString('en-US')));
  }
});
