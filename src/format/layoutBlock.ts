// One block of members (the file's declarations, a network body, a train
// block), each followed or preceded by its comments, with blank lines where
// the block's policy or the source asks for them.

import type { Comment, Span } from '../parser/ast.js';
import { attachComments } from './attachComments.js';

export interface Printed {
  /** Comments from inside the member that cannot stay where they were: printed just above it. */
  readonly hoisted: readonly Comment[];
  readonly lines: readonly string[];
}

export interface BlockMember {
  readonly span: Span;
  print(inner: readonly Comment[]): Printed;
}

/** `always`: a blank line before the member; `preserve`: one if the source had one or more. */
export type BlankLine = 'always' | 'preserve';

export interface BlockLayout {
  /** The text the comments' positions refer to. */
  readonly source: string;
  readonly indent: string;
  readonly blankBefore: (index: number) => BlankLine;
}

export function layoutBlock(
  members: readonly BlockMember[],
  comments: readonly Comment[],
  layout: BlockLayout,
): string[] {
  const attached = attachComments(
    members.map((member) => member.span),
    comments,
  );
  const output: string[] = [];
  let lastSourceLine = 0;
  const separate = (sourceLine: number, blank: BlankLine): void => {
    if (output.length > 0 && (blank === 'always' || sourceLine - lastSourceLine > 1)) output.push('');
  };
  const pushComment = (comment: Comment): void => {
    output.push(layout.indent + commentText(comment));
    lastSourceLine = comment.span.end.line;
  };

  members.forEach((member, index) => {
    // The policy applies before the first thing printed for this member.
    let blank = layout.blankBefore(index);
    for (const comment of attached.leading[index]) {
      separate(comment.span.start.line, blank);
      blank = 'preserve';
      pushComment(comment);
    }
    separate(member.span.start.line, blank);
    const printed = member.print(attached.inner[index]);
    for (const comment of printed.hoisted) output.push(layout.indent + commentText(comment));
    const lines = printed.lines.map((line) => (line === '' ? '' : layout.indent + line));
    const trailing = attached.trailing[index];
    if (trailing.length > 0 && lines.length > 0)
      lines[lines.length - 1] = withTrailing(lines[lines.length - 1], trailing, layout.source);
    output.push(...lines);
    lastSourceLine = Math.max(member.span.end.line, ...trailing.map((comment) => comment.span.end.line));
  });
  for (const comment of attached.dangling) {
    separate(comment.span.start.line, 'preserve');
    pushComment(comment);
  }
  return output;
}

/**
 * Appends comments to a line. A trailing comment keeps its column if the code
 * before it is printed as it was written (so hand-aligned comments stay
 * aligned); after code that changed, it sits one space after it.
 */
export function withTrailing(line: string, comments: readonly Comment[], source: string): string {
  const first = comments[0];
  if (first === undefined) return line;
  const { offset, column } = first.span.start;
  const codeBefore = source.slice(offset - (column - 1), offset).trimEnd();
  const keptColumn = codeBefore === line ? column : 0;
  const spaces = Math.max(keptColumn - 1 - line.length, 1);
  return `${line}${' '.repeat(spaces)}${comments.map(commentText).join(' ')}`;
}

/** A comment as written, less the trailing spaces of a line comment. */
export function commentText(comment: Comment): string {
  return comment.block ? comment.text : comment.text.trimEnd();
}
