import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The import graph of src/ has no cycle: features compose upwards (reads that combine features
 * live in a module above them), never through files importing each other round. Static imports
 * and re-exports, type-only ones included, by their relative paths.
 */
const SRC = join(process.cwd(), 'src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const files = new Set(sources(SRC));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const base = normalize(join(dirname(file), match[1] ?? match[2])).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`].find((candidate) => files.has(candidate));
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** One cycle of the graph, as a list of files, or null (depth-first search, iterative). */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const targets = graph.get(top.node) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++];
        if (state.get(target) === 'open') return [...path.slice(path.indexOf(target)), target];
        if (!state.has(target)) {
          state.set(target, 'open');
          path.push(target);
          stack.push({ node: target, next: 0 });
        }
      } else {
        state.set(top.node, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
  return null;
}

describe('the import graph of src/', () => {
  it('finds the imports it checks', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const appModule = graph.get(join(SRC, 'app.module.ts')) ?? [];
    expect(appModule).toContain(join(SRC, 'bookings', 'bookings.module.ts'));
  });

  it('detects a cycle when there is one', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toBeNull();
  });

  it('has no cycle', () => {
    const cycle = findCycle(importGraph());
    expect(cycle?.map((file) => relative(SRC, file)) ?? null).toBeNull();
  });
});
