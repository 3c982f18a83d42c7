// Chevrotain asks a message provider for each syntax error's text. Ours
// answers only with what was expected, briefly; parse.ts adds what was found
// and where, and turns it into an E0101 diagnostic.

import { tokenLabel, type IParserErrorMessageProvider, type TokenType } from './chevrotain.js';
import { RBrace } from './tokens.js';

/** What the grammar's main choices expect, shared with syntaxDiagnostics.ts for its hints. */
export const Expected = {
  declaration: 'a declaration',
  trainItem: 'a train setting (`step`, `batch`, `epochs`, …)',
  networkStatement: 'a layer, a name or `}`',
} as const;

/**
 * A block's `}` is what the parser asks for when it meets something that
 * cannot start a member of the block; say what the block holds instead.
 */
const blockMembers: Readonly<Record<string, string>> = {
  trainDecl: Expected.trainItem,
  networkBody: Expected.networkStatement,
};

/** At most this many alternatives are listed; more than that reads as noise. */
const maxListed = 3;

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    (expected === RBrace ? blockMembers[ruleName] : undefined) ?? tokenLabel(expected),
  buildNotAllInputParsedMessage: () => 'end of line',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) =>
    customUserDescription ?? describeFirstTokens(expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) =>
    customUserDescription ?? describeFirstTokens(expectedIterationPaths),
};

function describeFirstTokens(paths: readonly (readonly TokenType[])[]): string {
  const labels = [
    ...new Set(
      paths
        .map((path) => path[0])
        .filter((t) => t !== undefined)
        .map(tokenLabel),
    ),
  ];
  if (labels.length === 0) return 'more input';
  if (labels.length > maxListed) return `${labels.slice(0, maxListed).join(', ')}, …`;
  return labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}
