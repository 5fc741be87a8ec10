import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { RolloutPlan } from './rollout-plan';
import { ICliIo } from '../audit/cli';
import { PROCESS_IO } from '../audit/internal/process-io';

// The file loader (and its YAML reader) loads when the CLI reads files.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = (): typeof import('../audit/internal/loader') => require('../audit/internal/loader');

const USAGE = `Usage:
  cdk8s-zero-trust rollout-plan [options] <app.ts|app.js|file|dir|->...
      --days N                    days each namespace stays in dry run (default: 7)
      --manifests-path PATH       path used in the plan's kubectl apply commands (default: dist/)

  An app module (.ts needs ts-node) exports build(app: App), like the examples; the plan then lists
  each namespace's connectivity probes. Manifests alone give the plan without probes.
  Writes the Markdown plan to standard output. Exit codes: 0 ok, 2 usage or input error.
`;

/**
 * `cdk8s-zero-trust rollout-plan`: the staged rollout plan (`RolloutPlan`) of an app or of manifests, as Markdown.
 */
export class RolloutCli {
  /**
   * Runs the command.
   * @param argv arguments after `rollout-plan`
   * @param io where to write and read
   * @default - process stdout/stderr/stdin
   * @returns the exit code: 0 ok, 2 usage or input error
   */
  public static run(argv: string[], io: ICliIo = PROCESS_IO): number {
    try {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.stdout(USAGE);
        return 0;
      }
      let days: number | undefined;
      let manifestsPath: string | undefined;
      const inputs: string[] = [];
      for (let i = 0; i < argv.length; i++) {
        const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
        const value = () => inline ?? argv[++i];
        if (flag === '--days') {
          const v = value();
          days = Number(v);
          if (!/^\d+$/.test(v ?? '') || days < 1) throw new Error(`--days must be a whole number of days, at least 1 (got "${v}")`);
        } else if (flag === '--manifests-path') {
          manifestsPath = value();
          if (!manifestsPath) throw new Error('--manifests-path needs a value');
        } else if (flag.startsWith('-') && flag !== '-') {
          throw new Error(`unknown option ${flag}`);
        } else {
          inputs.push(argv[i]);
        }
      }
      if (inputs.length === 0) throw new Error('give an app module or manifests');
      const options = { observationDays: days, manifestsPath };
      const modules = inputs.filter(p => /\.(ts|js)$/.test(p));
      if (modules.length > 0) {
        if (modules.length !== inputs.length) throw new Error('give either app modules or manifests, not both');
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-rollout-')) });
        for (const m of modules) {
          if (m.endsWith('.ts')) registerTsNode();
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const mod = require(path.resolve(m));
          if (typeof mod.build !== 'function') throw new Error(`${m} must export build(app: App)`);
          mod.build(app);
        }
        io.stdout(RolloutPlan.of(app, options).toMarkdown());
        return 0;
      }
      const { objects, errors } = loader().loadInputs(inputs, () => io.readStdin());
      for (const e of errors) io.stderr(loader().formatInputError(e));
      if (errors.length > 0) return 2;
      io.stdout(RolloutPlan.fromManifests(objects, [], options).toMarkdown());
      return 0;
    } catch (e) {
      io.stderr(`error: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
  }

  private constructor() {}
}

function registerTsNode(): void {
  if ((process as any)[Symbol.for('ts-node.register.instance')]) return;
  try {
    // ts-node is the user's (optional) dependency, only for apps written in TypeScript.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    require('ts-node').register({ transpileOnly: true });
  } catch {
    throw new Error('an app written in TypeScript needs ts-node (npm install --save-dev ts-node), or pass the compiled .js');
  }
}
