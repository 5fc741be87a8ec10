import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';

/** An example app: a file `examples/<name>.ts` exporting `build(app)` and a one-line `description`. */
export interface Example {
  readonly name: string;
  readonly description: string;
  readonly build: (app: App) => void;
}

/** Every example in this folder, sorted by name. */
export function examples(): Example[] {
  return fs.readdirSync(__dirname)
    .filter(f => f.endsWith('.ts') && !['registry.ts', 'synth-all.ts', 'calendar.ts'].includes(f) && !f.endsWith('.d.ts'))
    .sort()
    .map(f => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(__dirname, f));
      if (typeof mod.build !== 'function') throw new Error(`examples/${f} must export build(app: App)`);
      return { name: f.replace(/\.ts$/, ''), description: mod.description ?? '', build: mod.build };
    });
}
