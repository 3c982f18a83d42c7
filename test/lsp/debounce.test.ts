// When diagnostics are published: at once for an edit after a pause, once
// for a burst of edits (after the burst pauses).
import { describe, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startSession, uriOf } from './lspClient.js';

const DEBOUNCE = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the debounce', () => {
  it('checks a lone edit at once and a burst once, after it pauses', async () => {
    const session = await startSession({ debounceMs: DEBOUNCE });
    const path = 'test/.tmp/debounce.aegan';
    const uri = uriOf(path);
    await session.open(path, 'param a = 1\n');
    await sleep(DEBOUNCE);

    const start = performance.now();
    const lone = await session.change(uri, 2, [{ text: 'param a = 2\n' }]);
    expect(lone.version).toBe(2);
    expect(performance.now() - start).toBeLessThan(DEBOUNCE);
    await sleep(DEBOUNCE);

    const before = session.published.length;
    for (let version = 3; version <= 7; version++) {
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: `param a = ${version}\n` }] });
    }
    await sleep(DEBOUNCE * 2);
    const burst = session.published.slice(before);
    // The burst's first edit may be checked at once; the rest wait, and only the last version is checked.
    expect(burst.length).toBeLessThanOrEqual(2);
    expect(burst.at(-1)!.version).toBe(7);
    expect(await session.close()).toBe(0);
  });
});
