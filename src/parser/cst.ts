// Typed access to Chevrotain's untyped CST children. A child that the grammar
// guarantees but that is missing means the CST was not what the grammar says:
// a bug, reported as MalformedCstError and caught by parse().

import type { CstElement, CstNode, IToken } from './chevrotain.js';

export class MalformedCstError extends Error {
  constructor(rule: string, child: string) {
    super(`the \`${rule}\` node has no \`${child}\``);
    this.name = 'MalformedCstError';
  }
}

function isToken(element: CstElement): element is IToken {
  return 'image' in element;
}

function children(node: CstNode, key: string): readonly CstElement[] {
  return node.children[key] ?? [];
}

export function childNodes(node: CstNode, key: string): CstNode[] {
  return children(node, key).filter((element): element is CstNode => !isToken(element));
}

export function childTokens(node: CstNode, key: string): IToken[] {
  return children(node, key).filter(isToken);
}

export function optionalNode(node: CstNode, key: string): CstNode | undefined {
  return childNodes(node, key)[0];
}

export function optionalToken(node: CstNode, key: string): IToken | undefined {
  return childTokens(node, key)[0];
}

export function childNode(node: CstNode, key: string): CstNode {
  const found = optionalNode(node, key);
  if (found === undefined) throw new MalformedCstError(node.name, key);
  return found;
}

export function childToken(node: CstNode, key: string): IToken {
  const found = optionalToken(node, key);
  if (found === undefined) throw new MalformedCstError(node.name, key);
  return found;
}

/** Which of `alternatives` a choice rule (`declaration`, `trainItem`) took. */
export function chosenAlternative(node: CstNode, alternatives: readonly string[]): CstNode {
  for (const name of alternatives) {
    const found = optionalNode(node, name);
    if (found !== undefined) return found;
  }
  throw new MalformedCstError(node.name, alternatives.join(' | '));
}
