// Search on the stacks list: a stack matches when every word of the query is found in its name,
// one of its services' names or one of their images. The words of each stack are lowered once
// per list (not per keystroke), so a query over thousands of services is one pass of substring
// tests.
import type { Stack } from '../../../shared/types';

export interface StackHit {
  stack: Stack;
  /** Services and images that matched when the stack's own name did not ("service web"). */
  via: string[];
}

export interface StackIndex {
  search(query: string): StackHit[];
}

export function indexStacks(stacks: readonly Stack[]): StackIndex {
  const entries = stacks.map((stack) => ({
    stack,
    name: stack.name.toLowerCase(),
    services: stack.serviceNames.map((n) => [n, n.toLowerCase()] as const),
    images: stack.images.map((i) => [i, i.toLowerCase()] as const),
  }));
  return {
    search(query) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.length) return stacks.map((stack) => ({ stack, via: [] }));
      const hits: StackHit[] = [];
      for (const e of entries) {
        const via = new Set<string>();
        const all = words.every((word) => {
          if (e.name.includes(word)) return true;
          const service = e.services.find(([, lower]) => lower.includes(word));
          if (service) via.add(`service ${service[0]}`);
          const image = e.images.find(([, lower]) => lower.includes(word));
          if (image) via.add(`image ${image[0]}`);
          return Boolean(service || image);
        });
        if (all) hits.push({ stack: e.stack, via: [...via] });
      }
      return hits;
    },
  };
}
