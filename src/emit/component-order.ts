import type { ComponentSchema } from "../ir/schema.js";
import { collectRefs } from "../ir/walk.js";

export interface ComponentOrder {
  /** Components with every dependency before its dependents (spec order among equals). */
  ordered: ComponentSchema[];
  /** Components on a reference cycle: their zod schemas must be lazy. */
  recursive: Set<string>;
}

/**
 * Orders components so that each zod schema is declared after the schemas it uses, and finds
 * the ones on cycles (Tarjan's strongly connected components, which come out dependencies first).
 */
export function orderComponents(components: ComponentSchema[]): ComponentOrder {
  const byId = new Map(components.map((c) => [c.id, c]));
  const edges = new Map(components.map((c) => [c.id, [...collectRefs(c.schema)].filter((id) => byId.has(id))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const ordered: ComponentSchema[] = [];
  const recursive = new Set<string>();
  let counter = 0;

  // Iterative Tarjan: real specs nest deeply enough to overflow a recursive one.
  for (const root of components) {
    if (index.has(root.id)) continue;
    const work: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    index.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const deps = edges.get(frame.id)!;
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ id: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const scc: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          scc.push(member);
        } while (member !== frame.id);
        const cyclic = scc.length > 1 || edges.get(frame.id)!.includes(frame.id);
        // Within one cycle keep spec order, so output does not depend on traversal details.
        scc.sort((a, b) => components.indexOf(byId.get(a)!) - components.indexOf(byId.get(b)!));
        for (const id of scc) {
          if (cyclic) recursive.add(id);
          ordered.push(byId.get(id)!);
        }
      }
    }
  }
  return { ordered, recursive };
}
