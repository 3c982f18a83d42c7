import type { ExprNode } from './types.js';

/** The ids of every node `roots` depend on (themselves included), in id order. */
export function dependencies(nodes: readonly ExprNode[], roots: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...nodes[id]!.inputs);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The data sources whose batches computing `roots` reads. */
export function sourcesRead(nodes: readonly ExprNode[], roots: readonly number[]): Set<number> {
  const sources = new Set<number>();
  for (const id of dependencies(nodes, roots)) {
    const node = nodes[id]!;
    if (node.op === 'data') sources.add(node.attrs.source);
  }
  return sources;
}

/** The names of the latents computing `roots` reads. */
export function latentsRead(nodes: readonly ExprNode[], roots: readonly number[]): Set<string> {
  const latents = new Set<string>();
  for (const id of dependencies(nodes, roots)) {
    const node = nodes[id]!;
    if (node.op === 'latent') latents.add(node.attrs.name);
  }
  return latents;
}
