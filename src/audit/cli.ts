import * as fs from 'fs';
import { Audit } from './audit';
import { AuditDiff, DeclaredEdge } from './diff';
import type { InputError } from './internal/loader';
import { PROCESS_IO } from './internal/process-io';
import { parseSeverity } from './internal/severity-rank';
import { AUDIT_USAGE, USAGE_FOOTER } from './internal/usage';
import { Suppression } from './options';
import { ReachabilityGraph } from './reachability/graph';
import { Engine } from './reachability/types';
import { Severity } from './severity';
// SARIF helpers load on first use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarifHelpers = (): typeof import('./internal/sarif') => require('./internal/sarif');

// The YAML loader (and its parser) loads when the CLI reads files (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = (): typeof import('./internal/loader') => require('./internal/loader');

/**
 * Where the CLI writes and reads (injectable for tests).
 */
export interface ICliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input (for the `-` path). */
  readStdin(): string;
}

const USAGE = `${AUDIT_USAGE}\n${USAGE_FOOTER}`;

class UsageError extends Error {}

/**
 * The `cdk8s-zero-trust` command line (`audit`, `diff` and `graph`), callable in-process.
 *
 * @example
 * const code = AuditCli.run(['audit', '--format', 'sarif', 'dist/']);
 */
export class AuditCli {
  /**
   * Runs the CLI.
   * @param argv arguments after the program name, e.g. `['audit', 'dist/']`
   * @param io where to write and read
   * @default - process stdout/stderr/stdin
   * @returns the exit code: 0 ok, 1 findings at or above the minimum severity, 2 usage or input error
   */
  public static run(argv: string[], io: ICliIo = PROCESS_IO): number {
    try {
      const [cmd, ...rest] = argv;
      if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
        (cmd === undefined ? io.stderr : io.stdout)(USAGE);
        return cmd === undefined ? 2 : 0;
      }
      if (cmd === 'audit') return AuditCli.audit(rest, io);
      if (cmd === 'graph') return AuditCli.graph(rest, io);
      if (cmd === 'diff') return AuditCli.diff(rest, io);
      if (cmd === 'import' || cmd === 'rollout-plan') throw new UsageError(`"${cmd}" is a command of the cdk8s-zero-trust binary: run it with ZeroTrustCli.run([...]) (AuditCli runs audit, diff and graph)`);
      throw new UsageError(`unknown command "${cmd}"`);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`error: ${e.message}\n\n${USAGE}`);
      } else {
        io.stderr(`error: ${(e as Error).message}\n`);
      }
      return 2;
    }
  }

  private static parse(args: string[], valued: string[], repeatable: string[]): { opts: Record<string, string[]>; paths: string[] } {
    const opts: Record<string, string[]> = {};
    const paths: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') {
        paths.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith('-') && a !== '-' && !a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
      if (a.startsWith('--')) {
        const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
        const name = flag.slice(2);
        if (!valued.includes(name)) throw new UsageError(`unknown option ${flag}`);
        const value = inline ?? args[++i];
        if (value === undefined) throw new UsageError(`${flag} needs a value`);
        if (opts[name] && !repeatable.includes(name)) throw new UsageError(`${flag} given twice`);
        opts[name] = [...(opts[name] ?? []), value];
      } else {
        paths.push(a);
      }
    }
    if (paths.length === 0) throw new UsageError('no input: give files, directories or - (stdin)');
    return { opts, paths };
  }

  /** Reads every input; a bad file is an input error (printed), never the end of the run. */
  private static load(paths: string[], io: ICliIo): { objects: any[]; errors: InputError[] } {
    const r = loader().loadInputs(paths, () => io.readStdin());
    for (const e of r.errors) io.stderr(loader().formatInputError(e));
    return r;
  }

  private static wantsHelp(args: string[], io: ICliIo): boolean {
    const i = args.findIndex(a => a === '--' || a === '--help' || a === '-h');
    if (i < 0 || args[i] === '--') return false;
    io.stdout(USAGE);
    return true;
  }

  private static audit(args: string[], io: ICliIo): number {
    if (AuditCli.wantsHelp(args, io)) return 0;
    const { opts, paths } = AuditCli.parse(args, ['format', 'min-severity', 'suppress', 'trust-domain', 'pack', 'exclude', 'root'], ['suppress', 'pack', 'exclude']);
    const format = opts.format?.[0] ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
    const min = opts['min-severity'] ? parseSeverity(opts['min-severity'][0]) : Severity.HIGH;
    if (!min) throw new UsageError(`--min-severity must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL (got "${opts['min-severity'][0]}")`);
    const suppressions = AuditCli.suppressions(opts);
    const auditOptions = { suppressions, trustDomain: opts['trust-domain']?.[0], packs: opts.pack, exclude: opts.exclude };
    try {
      Audit.ofManifests([], auditOptions); // option errors are usage errors, before any input is read
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { objects, errors } = AuditCli.load(paths, io);
    const report = Audit.ofManifests(objects, auditOptions);
    const root = opts.root?.[0] ?? sarifHelpers().repositoryRoot(process.cwd());
    if (format === 'json') {
      io.stdout(JSON.stringify({ ...report.toJson(), inputErrors: errors }, null, 2) + '\n');
    } else if (format === 'sarif') {
      const sarif = report.toSarif({ rootDirectory: root });
      sarif.runs[0].invocations = [{
        executionSuccessful: errors.length === 0,
        toolExecutionNotifications: errors.map(e => ({
          level: 'error',
          message: { text: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.reason}` },
          ...(e.file !== '<stdin>' ? {
            locations: [{
              physicalLocation: {
                artifactLocation: { uri: sarifHelpers().relativeUri(root, e.file), uriBaseId: sarifHelpers().SARIF_ROOT_BASE_ID },
                ...(e.line !== undefined ? { region: { startLine: e.line } } : {}),
              },
            }],
          } : {}),
        })),
      }];
      io.stdout(JSON.stringify(sarif, null, 2) + '\n');
    } else {
      io.stdout(report.toText());
      if (errors.length > 0) io.stdout(`${errors.length} input error${errors.length === 1 ? '' : 's'}: ${errors.map(e => e.file).join(', ')} (not audited; see standard error)\n`);
    }
    if (errors.length > 0) return 2;
    return report.atLeast(min).length > 0 ? 1 : 0;
  }

  private static suppressions(opts: Record<string, string[]>): Suppression[] {
    return (opts.suppress ?? []).map(s => {
      const parts = s.split(':');
      if (parts.length < 2 || !parts[0] || !parts.slice(1).join(':').trim()) throw new UsageError(`--suppress needs RULE:reason (got "${s}")`);
      if (parts.length >= 3 && parts[1] && !parts[1].includes(' ')) {
        return { ruleId: parts[0], objectName: parts[1], reason: parts.slice(2).join(':') };
      }
      return { ruleId: parts[0], reason: parts.slice(1).join(':') };
    });
  }

  private static diff(args: string[], io: ICliIo): number {
    if (AuditCli.wantsHelp(args, io)) return 0;
    const { opts, paths } = AuditCli.parse(args, ['format', 'min-severity', 'suppress', 'trust-domain', 'pack', 'exclude', 'root', 'allow'], ['suppress', 'pack', 'exclude', 'allow']);
    if (paths.length !== 2) throw new UsageError(`diff needs exactly two inputs, <before> and <after> (got ${paths.length})`);
    if (paths[0] === '-' && paths[1] === '-') throw new UsageError('only one of <before> and <after> can be - (stdin)');
    const format = opts.format?.[0] ?? 'text';
    if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json, sarif or markdown (got "${format}")`);
    const min = opts['min-severity'] ? parseSeverity(opts['min-severity'][0]) : Severity.HIGH;
    if (!min) throw new UsageError(`--min-severity must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL (got "${opts['min-severity'][0]}")`);
    const declaredEdges: DeclaredEdge[] = [];
    for (const file of opts.allow ?? []) {
      let text: string;
      try {
        text = loader().decodeText(fs.readFileSync(file));
      } catch (e) {
        throw new UsageError(`--allow ${file}: ${(e as Error).message}`);
      }
      text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.replace(/#.*$/, '').trim();
        if (!line) return;
        const m = /^(\S+)\s*->\s*([^\s:]+)(?::(\S+))?$/.exec(line);
        if (!m) throw new UsageError(`--allow ${file}:${i + 1}: expected "<namespace>/<name> -> <namespace>/<name>:<ports>" (got "${line}")`);
        declaredEdges.push({ source: m[1], destination: m[2], ports: m[3] ?? '*' });
      });
    }
    const options = { suppressions: AuditCli.suppressions(opts), trustDomain: opts['trust-domain']?.[0], packs: opts.pack, exclude: opts.exclude, declaredEdges, minSeverity: min };
    try {
      AuditDiff.of([], [], options); // option errors are usage errors, before any input is read
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const before = AuditCli.load([paths[0]], io);
    const after = AuditCli.load([paths[1]], io);
    const d = AuditDiff.of(before.objects, after.objects, options);
    const errors = before.errors.length + after.errors.length;
    if (format === 'json') io.stdout(JSON.stringify({ ...d.toJson(), inputErrors: [...before.errors, ...after.errors] }, null, 2) + '\n');
    else if (format === 'sarif') io.stdout(JSON.stringify(d.toSarif({ rootDirectory: opts.root?.[0] ?? sarifHelpers().repositoryRoot(process.cwd()) }), null, 2) + '\n');
    else if (format === 'markdown') io.stdout(d.toMarkdown() + '\n');
    else io.stdout(d.toText());
    if (errors > 0) return 2;
    return d.failed ? 1 : 0;
  }

  private static graph(args: string[], io: ICliIo): number {
    if (AuditCli.wantsHelp(args, io)) return 0;
    const { opts, paths } = AuditCli.parse(args, ['format', 'engine', 'trust-domain'], []);
    const format = opts.format?.[0] ?? 'mermaid';
    if (!['mermaid', 'dot'].includes(format)) throw new UsageError(`--format must be mermaid or dot (got "${format}")`);
    let engine: Engine | undefined;
    if (opts.engine) {
      engine = (Object.values(Engine) as string[]).find(e => e === opts.engine[0].toUpperCase().replace(/-/g, '_')) as Engine | undefined;
      if (!engine) throw new UsageError(`--engine must be one of ${Object.values(Engine).join(', ')} (got "${opts.engine[0]}")`);
    }
    const { objects, errors } = AuditCli.load(paths, io);
    const g = ReachabilityGraph.fromManifests(objects, { trustDomain: opts['trust-domain']?.[0] });
    if (engine && !g.engines.includes(engine)) io.stderr(`warning: no ${engine} objects in the manifests; its graph is empty\n`);
    io.stdout(format === 'dot' ? g.toDot(engine) : g.toMermaid(engine));
    return errors.length > 0 ? 2 : 0;
  }

  private constructor() {}
}
