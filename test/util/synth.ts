import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { EXAMPLES_TODAY } from '../../examples/calendar';

/** Fixed "today" for exception expiry checks in tests. */
export const TODAY = EXAMPLES_TODAY;
process.env.ZERO_TRUST_TODAY = TODAY;

/** Builds a chart, runs construct validations, returns its manifests (not yet schema-validated). */
export function synthChart(build: (chart: Chart) => void): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  build(chart);
  const errors = validationErrors(app);
  if (errors.length > 0) throw new Error(`unexpected validation errors:\n${errors.join('\n')}`);
  return chart.toJson();
}

/** Builds an app and returns the validation errors `app.synth()` would report, one per entry ("[path] message"). */
export function synthErrors(build: (chart: Chart) => void): string[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  build(chart);
  return validationErrors(app);
}

/** Runs `app.synth()` in a temporary directory and returns the thrown message, or '' when it succeeds. */
export function appSynthMessage(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-'));
  const app = new App({ outdir });
  build(app);
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The validation errors of every construct under `scope`, one per entry ("[path] message"). */
export function validationErrors(scope: Construct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const msg of c.node.validate()) out.push(`[${c.node.path}] ${msg}`);
  }
  return out;
}

/** Objects of a kind (and optional name). */
export function find(objs: any[], kind: string, name?: string): any[] {
  return objs.filter(o => o.kind === kind && (name === undefined || o.metadata?.name === name));
}

/** Exactly one object of a kind and name. */
export function one(objs: any[], kind: string, name: string): any {
  const found = find(objs, kind, name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}/${name}, found ${found.length}; have: ${objs.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}
