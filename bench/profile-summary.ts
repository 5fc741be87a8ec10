/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by
 * self time and by inclusive time.
 *
 *   node --cpu-prof --cpu-prof-dir=bench/out/prof bench/out/js/bench/child.js '{"mode":"library",...}'
 *   ts-node --transpile-only --project tsconfig.dev.json bench/profile-summary.ts bench/out/prof/<file>.cpuprofile [top]
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url ? f.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '~/').replace(/.*\/bench\/out\/js\//, '') : '';
  return `${f.functionName || '(anonymous)'} ${file ? `${path.basename(path.dirname(file))}/${path.basename(file)}:${f.lineNumber + 1}` : ''}`;
}

export function summarize(file: string, top = 30): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = p.timeDeltas.reduce((a, b) => a + b, 0);

  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const [id, t] of self) {
    selfBy.set(label(byId.get(id)!), (selfBy.get(label(byId.get(id)!)) ?? 0) + t);
    // inclusive: every distinct label on the stack gets t once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + t);
    }
  }
  const fmt = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([l, t]) => `${(t / 1000).toFixed(0).padStart(7)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${l}`).join('\n');
  return `total ${(total / 1000).toFixed(0)} ms\n\nself time:\n${fmt(selfBy)}\n\ninclusive time:\n${fmt(inclBy)}\n`;
}

if (require.main === module) {
  process.stdout.write(summarize(process.argv[2], Number(process.argv[3] ?? 30)));
}
