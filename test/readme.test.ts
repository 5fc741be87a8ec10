import * as fs from 'fs';
import * as path from 'path';
import { renderReadme } from '../scripts/readme';

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  test('is up to date with docs/*.md and the examples (run `npx projen readme`)', () => {
    expect(readme).toEqual(renderReadme());
  });

  test('starts with exactly the two commands for a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n');
    expect(firstBlock.map(l => l.replace(/\s+#.*$/, '').trim())).toEqual(['npm ci && npm run synth:examples', 'npm test']);
  });
});

describe('README.md is the landing page (issue 17)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const blocks = (lang: string) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);

  test('is short: about 250 lines, the reference lives in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(300);
  });

  test('install with the peers, then compatibility, then the quick start', () => {
    const install = readme.indexOf('npm install cdk8s-zero-trust cdk8s cdk8s-plus-28 constructs');
    const compat = readme.indexOf('## Compatibility');
    const quick = readme.indexOf('## Quick start');
    expect(install).toBeGreaterThan(0);
    expect(compat).toBeGreaterThan(install);
    expect(quick).toBeGreaterThan(compat);
    for (const engine of ['Istio', 'Linkerd', 'Cilium', 'SPIRE', 'spire-controller-manager', 'External Secrets Operator', 'Vault Agent Injector', 'Node.js', 'Kubernetes']) {
      expect(readme.slice(compat, quick)).toContain(engine);
    }
  });

  test('one TypeScript quick start of about 20 lines, and the same in Python and Go', () => {
    const ts = blocks('ts');
    expect(ts).toHaveLength(1);
    expect(ts[0].trim().split('\n').length).toBeLessThanOrEqual(25);
    expect(blocks('python')).toHaveLength(1);
    expect(blocks('python')[0]).toContain('from cdk8s_zero_trust import');
    expect(blocks('go')).toHaveLength(1);
    expect(blocks('go')[0]).toContain('github.com/cdk8s-zero-trust/cdk8s-zero-trust-go/cdk8szerotrust');
  });

  test('every link is absolute (npm and Construct Hub do not resolve relative links)', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map(m => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter(l => !/^https:\/\//.test(l))).toEqual([]);
  });

  test('links every docs/*.md page and every example', () => {
    const docs = fs.readdirSync(path.join(__dirname, '..', 'docs')).filter(f => f.endsWith('.md') && f !== 'index.md');
    for (const d of docs) expect(readme).toContain(`https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/docs/${d}`);
    for (const f of fs.readdirSync(path.join(__dirname, '..', 'examples')).filter(x => x.endsWith('.ts') && !['registry.ts', 'synth-all.ts', 'calendar.ts'].includes(x))) {
      expect(readme).toContain(`https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/examples/${f}`);
    }
  });
});
