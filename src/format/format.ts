// `aeganc fmt`: the canonical layout of a parsed file. The AST decides
// everything but blank lines and comments, which come from the source
// positions, so formatting is idempotent: format(parse(format(x))) === format(x).

import type { Declaration, SourceFile } from '../parser/ast.js';
import { layoutBlock, type BlankLine } from './layoutBlock.js';
import { declarationMember } from './printDeclaration.js';

/**
 * Declarations of one group sit together, keeping the blank lines the author
 * put between them; a blank line always separates groups, and every network
 * and the train block. The groups follow the reading order of docs/language.md's
 * examples: what comes in (model, params, data, latents), the networks, what
 * is computed (lets, losses), and training.
 */
function groupOf(declaration: Declaration): string {
  switch (declaration.kind) {
    case 'ModelDecl':
    case 'ParamDecl':
    case 'DataDecl':
    case 'LatentDecl':
      return 'inputs';
    case 'LetDecl':
    case 'LossDecl':
      return 'definitions';
    case 'NetworkDecl':
      return 'network';
    case 'TrainDecl':
      return 'train';
  }
}

function standsApart(declaration: Declaration): boolean {
  return declaration.kind === 'NetworkDecl' || declaration.kind === 'TrainDecl';
}

export function format(file: SourceFile): string {
  const declarations = file.declarations;
  const blankBefore = (index: number): BlankLine => {
    const previous = declarations[index - 1];
    const current = declarations[index];
    if (previous === undefined) return 'preserve';
    const apart = standsApart(previous) || standsApart(current) || groupOf(previous) !== groupOf(current);
    return apart ? 'always' : 'preserve';
  };
  const members = declarations.map((declaration) => declarationMember(declaration, file.text));
  const lines = layoutBlock(members, file.comments, { source: file.text, indent: '', blankBefore });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
