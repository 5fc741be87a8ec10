#!/usr/bin/env node
/*
 * Generates the Python, Java, .NET and Go bindings in code-only mode (no language
 * toolchains needed) from the compiled jsii assembly (.jsii; run `npx projen compile`
 * first) and fails on any error or warning, so a change that breaks a language fails CI.
 * Output: dist/pacmak/<language>/.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outdir = path.join(root, 'dist', 'pacmak');
const targets = ['python', 'java', 'dotnet', 'go'];

if (!fs.existsSync(path.join(root, '.jsii'))) {
  console.error('pacmak: no .jsii assembly: run `npx projen compile` first');
  process.exit(1);
}
fs.rmSync(outdir, { recursive: true, force: true });
const major = process.versions.node.split('.')[0];
const r = spawnSync('npx', ['jsii-pacmak', '--code-only', '--force', '--targets', targets.join(','), '--outdir', outdir], {
  cwd: root,
  encoding: 'utf8',
  // The end-of-life banner of @jsii/check-node is not about the bindings.
  env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: major, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
});
const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
process.stdout.write(output);
const warnings = output.split('\n').filter(l => /\b(warn(ing)?|error)\b/i.test(l));
const missing = targets.filter(t => !fs.existsSync(path.join(outdir, t)) || fs.readdirSync(path.join(outdir, t)).length === 0);
if (r.status !== 0 || warnings.length > 0 || missing.length > 0) {
  if (r.status !== 0) console.error(`pacmak: jsii-pacmak exited with ${r.status}`);
  if (warnings.length > 0) console.error(`pacmak: ${warnings.length} warning/error line(s):\n${warnings.join('\n')}`);
  if (missing.length > 0) console.error(`pacmak: no bindings generated for ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`pacmak: ${targets.join(', ')} bindings generated in dist/pacmak/ with no warnings`);
