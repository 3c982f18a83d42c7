import type { Comment, Span } from '../parser/ast.js';

/** Where each comment of a block goes, by member index. */
export interface AttachedComments {
  /** On their own lines before the member. */
  readonly leading: Comment[][];
  /** After the member's last line, as they were. */
  readonly trailing: Comment[][];
  /** Inside the member's span: the member decides (a network spreads them over its body). */
  readonly inner: Comment[][];
  /** After the last member. */
  readonly dangling: Comment[];
}

/**
 * Attaches each comment to a member of a block: a comment that starts on the
 * line where a member ends trails it; any other comment leads the member that
 * follows it, or dangles at the end of the block.
 */
export function attachComments(members: readonly Span[], comments: readonly Comment[]): AttachedComments {
  const leading = members.map((): Comment[] => []);
  const trailing = members.map((): Comment[] => []);
  const inner = members.map((): Comment[] => []);
  const dangling: Comment[] = [];
  const sorted = [...comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  for (const comment of sorted) {
    const at = comment.span.start.offset;
    const inside = members.findIndex((span) => span.start.offset <= at && at < span.end.offset);
    if (inside !== -1) {
      inner[inside].push(comment);
      continue;
    }
    const previous = findLastIndex(members, (span) => span.end.offset <= at);
    if (previous !== -1 && members[previous].end.line === comment.span.start.line) {
      trailing[previous].push(comment);
      continue;
    }
    const next = members.findIndex((span) => span.start.offset > at);
    if (next === -1) dangling.push(comment);
    else leading[next].push(comment);
  }
  return { leading, trailing, inner, dangling };
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}
