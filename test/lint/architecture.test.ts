import * as fs from 'fs';
import { ARCHITECTURE_DOC, folderGraph, renderArchitectureDoc } from '../../scripts/architecture';

describe('docs/architecture.md', () => {
  test('the dependency diagram is the one generated from src/ (run `npx projen architecture`)', () => {
    expect(fs.readFileSync(ARCHITECTURE_DOC, 'utf8')).toEqual(renderArchitectureDoc());
  });

  test('names every rule of .dependency-cruiser.cjs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../.dependency-cruiser.cjs') as { forbidden: Array<{ name: string }> };
    const doc = fs.readFileSync(ARCHITECTURE_DOC, 'utf8');
    for (const rule of config.forbidden) expect(doc).toContain(`| \`${rule.name}\` |`);
  });
});

describe('src/ collapsed to folders', () => {
  const { nodes, edges } = folderGraph();

  test('has no load-time cycle once the known violations are removed (the layers form one direction of flow)', () => {
    // Late-bound edges (the engine registry's lazy loads of renderers and evaluators, type-only
    // imports) add no load-time dependency; the registry is the one composition root.
    const allowed = edges.filter(e => e.rules.length === 0 && !e.lateBound);
    // Kahn's algorithm: whatever cannot be ordered sits on a cycle.
    const indegree = new Map(nodes.map(n => [n, 0]));
    for (const e of allowed) indegree.set(e.to, indegree.get(e.to)! + 1);
    const ready = nodes.filter(n => indegree.get(n) === 0);
    const ordered: string[] = [];
    while (ready.length) {
      const n = ready.pop()!;
      ordered.push(n);
      for (const e of allowed.filter(x => x.from === n)) {
        indegree.set(e.to, indegree.get(e.to)! - 1);
        if (indegree.get(e.to) === 0) ready.push(e.to);
      }
    }
    expect(nodes.filter(n => !ordered.includes(n))).toEqual([]);
  });

  test('the intent is in the middle: constructs and backends import model, model imports no layer above it', () => {
    const has = (from: string, to: string) => edges.some(e => e.from === from && e.to === to && e.rules.length === 0);
    expect(has('src/constructs', 'src/model')).toBe(true);
    expect(has('src/backends/network-policy', 'src/model')).toBe(true);
    expect(edges.filter(e => e.from === 'src/model' && /^src\/(constructs|backends|synth|audit|profile)/.test(e.to))).toEqual([]);
    expect(edges.filter(e => e.from.startsWith('src/backends/') && /^src\/(constructs|audit)/.test(e.to))).toEqual([]);
  });

  test('only the engine registry reaches back into the audit, and only on first use', () => {
    const back = edges.filter(e => e.to === 'src/audit' && !e.from.startsWith('src/audit'));
    const upward = back.filter(e => /^src\/(engines|backends|model|profile|shared|synth|constructs)/.test(e.from));
    expect(upward.map(e => [e.from, e.lateBound])).toEqual([['src/engines/registry.ts', true]]);
  });
});
