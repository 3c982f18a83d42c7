// The comment policy of copied code (src/codegen/README.md, "Comments"): a
// copied declaration keeps the first sentence of each doc comment (its own
// and its members'), as one line; line comments, block comments and the rest
// of each doc comment stay in the source file the module's
// `─── from src/... ───` header names, and blank lines inside a declaration
// go with them. Generated modules stay readable and short; the why lives
// where it is maintained.

import { ts } from 'ts-morph';

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** `text` (one top-level declaration) under the comment policy. */
export function withSummaryComments(text: string): string {
  const source = ts.createSourceFile('/declaration.ts', text, ts.ScriptTarget.Latest, true);
  const comments = commentRanges(source, text);
  const edits: Edit[] = comments.map((range) => {
    const comment = text.slice(range.pos, range.end);
    const summary = comment.startsWith('/**') ? summaryOf(comment) : undefined;
    return { from: range.pos, to: range.end, text: summary === undefined ? '' : `/** ${summary} */` };
  });
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  out += text.slice(at);
  // Literals and members are found again in the edited text, whose positions have moved.
  const edited = ts.createSourceFile('/declaration.ts', out, ts.ScriptTarget.Latest, true);
  return dropBlankLines(out, literalRanges(edited), memberStarts(edited));
}

/** Every comment in `source`, once, in order. */
function commentRanges(source: ts.SourceFile, text: string): ts.CommentRange[] {
  const byStart = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const range of [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])]) {
      byStart.set(range.pos, range);
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...byStart.values()].sort((a, b) => a.pos - b.pos);
}

/** Template and string literals, whose line breaks and slashes are text, not layout. */
function literalRanges(source: ts.SourceFile): { pos: number; end: number }[] {
  const ranges: { pos: number; end: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateLiteral(node) || ts.isStringLiteral(node)) ranges.push({ pos: node.getStart(source), end: node.end });
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return ranges;
}

/** Where each constructor, method and accessor of a class begins (its doc comment included): a blank line stays before it. */
function memberStarts(source: ts.SourceFile): Set<number> {
  const starts = new Set<number>();
  const functionLike = (m: ts.ClassElement): boolean =>
    ts.isConstructorDeclaration(m) || ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m);
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) node.members.slice(1).filter(functionLike).forEach((m) => starts.add(m.getStart(source, true)));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return starts;
}

/**
 * Removes comment-only leftovers and blank lines (but one before each
 * function-like class member), and trailing spaces a removed trailing comment
 * left; literals untouched.
 */
function dropBlankLines(text: string, literals: readonly { pos: number; end: number }[], members: ReadonlySet<number>): string {
  const lines: string[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (members.has(offset + indent) && lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    const inside = (at: number): boolean => literals.some((r) => at > r.pos && at < r.end);
    const startsInLiteral = inside(offset);
    const endsInLiteral = inside(offset + line.length);
    offset += line.length + 1;
    if (!startsInLiteral && line.trim() === '') continue;
    lines.push(endsInLiteral ? line : line.trimEnd());
  }
  return lines.join('\n');
}

/** The first sentence of a doc comment, on one line; undefined when it has no text (only tags). */
function summaryOf(comment: string): string | undefined {
  const body = comment
    .slice(3, -2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*?\s?/, ''))
    .join('\n');
  const paragraph = (body.split(/\n\s*\n|\n@|^@/)[0] ?? '').trim();
  if (paragraph === '') return undefined;
  // A sentence ends at `.`, `?` or `!` before a space (not after e.g./i.e.), or at a `:` that ends a line.
  const end = /(?<!\be\.g|\bi\.e)[.?!](?=\s|$)|:(?=\s*\n)/.exec(paragraph);
  const sentence = end ? paragraph.slice(0, end.index + 1) : paragraph;
  return sentence.replace(/\s+/g, ' ').replace(/:$/, '.').replace(/\*\//g, '* /');
}
