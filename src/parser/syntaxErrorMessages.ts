// Chevrotain asks a message provider for each syntax error's text. Ours
// answers only with what was expected, briefly; parse.ts adds what was found
// and where, and turns it into an E0101 diagnostic.

import { tokenLabel, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';

/** At most this many alternatives are listed; more than that reads as noise. */
const maxListed = 3;

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => tokenLabel(expected),
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
