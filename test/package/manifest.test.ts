import * as fs from 'fs';
import * as path from 'path';

/*
 * Issue 17: package.json declared no jsii targets (TypeScript/JavaScript only), no engines,
 * version 0.0.0, and the compile silenced JSII5018 (reserved words).
 */
const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;

test('every cdk8s language is a jsii target', () => {
  expect(pkg.jsii.targets).toEqual({
    python: { distName: 'cdk8s-zero-trust', module: 'cdk8s_zero_trust' },
    java: { package: 'dev.cdk8s.zerotrust', maven: { groupId: 'dev.cdk8s', artifactId: 'cdk8s-zero-trust' } },
    dotnet: { namespace: 'Cdk8s.ZeroTrust', packageId: 'Cdk8s.ZeroTrust' },
    go: { moduleName: 'github.com/cdk8s-zero-trust/cdk8s-zero-trust-go' },
  });
});

test('the compile fails on jsii warnings instead of silencing reserved words', () => {
  const compile = tasks.compile.steps.map((s: any) => s.exec).join('\n');
  expect(compile).toMatch(/^jsii --fail-on-warnings$/m);
  expect(JSON.stringify(tasks)).not.toContain('silence-warnings');
  expect(tasks.pacmak.steps[0].exec).toBe('node scripts/pacmak.js');
});

test('engines, a released version with a CHANGELOG entry, the CLI bin', () => {
  expect(pkg.engines).toEqual({ node: '>= 20.0.0' });
  expect(pkg.version).not.toBe('0.0.0');
  expect(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version}\n`);
  expect(pkg.bin).toEqual({ 'cdk8s-zero-trust': 'bin/cdk8s-zero-trust' });
});
