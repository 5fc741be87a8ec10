/*
 * Synthesizes every example to dist/examples/<example>/ (one YAML file per chart).
 * "Today" is pinned to EXAMPLES_TODAY (see calendar.ts; ZERO_TRUST_TODAY overrides it),
 * then the exceptions expiring within 90 days of the real date are listed as a warning.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES_TODAY, EXPIRY_WARNING_DAYS, expiringExceptions } from './calendar';
import { examples } from './registry';
import { ZeroTrustApp } from '../src';

process.env.ZERO_TRUST_TODAY ??= EXAMPLES_TODAY;
const realToday = new Date().toISOString().slice(0, 10);

const root = path.join(__dirname, '..', 'dist', 'examples');
fs.rmSync(root, { recursive: true, force: true });
const expiring: string[] = [];
for (const ex of examples()) {
  const outdir = path.join(root, ex.name);
  const app = new ZeroTrustApp({ outdir });
  ex.build(app);
  app.synth(); // the same files as cdk8s App.synth(), validated once, written by the fast YAML writer
  const files = fs.readdirSync(outdir);
  console.log(`${ex.name}: ${files.length} file(s) in dist/examples/${ex.name}/ — ${ex.description}`);
  for (const e of expiringExceptions(app.charts.flatMap(c => c.toJson()), realToday)) {
    const when = e.daysLeft < 0 ? `expired ${-e.daysLeft} day(s) ago` : `expires in ${e.daysLeft} day(s)`;
    expiring.push(`  ${ex.name}: ${e.object}: exception ${e.topic} ${when} (${e.expires})`);
  }
}
console.log(`(synthesized as of ${process.env.ZERO_TRUST_TODAY}; real date ${realToday})`);
if (expiring.length > 0) {
  console.warn(`WARNING: ${expiring.length} example exception(s) expire within ${EXPIRY_WARNING_DAYS} days of ${realToday}: renew or remove them, and move EXAMPLES_TODAY in examples/calendar.ts:`);
  console.warn(expiring.join('\n'));
}
