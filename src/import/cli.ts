// `cdk8s-zero-trust import`: the CLI side of Importer (dispatched by ZeroTrustCli, src/cli.ts).
import * as fs from 'fs';
import { Importer } from './importer';
import { ReachabilityDiff } from './reachability-diff';
import { ImportFindingKind, ImportResult, ImportTarget } from './types';
import { decodeText, formatInputError, loadInputs } from '../audit/internal/loader';

/** Where the import command writes (the audit CLI's `ICliIo`, structurally). */
interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const IMPORT_USAGE = `  cdk8s-zero-trust import [options] <file|dir>...
      -o, --out FILE              write the generated cdk8s app (TypeScript) to FILE (default: standard output)
      --report FILE               write the import report to FILE (default: standard error)
      --flows FILE                import observed traffic (Hubble \`hubble observe -o json\`, Envoy/Istio JSON access logs;
                                  repeatable); the manifests, if given, name the workloads
      --min-count N               flows: ignore edges seen fewer than N times (default: 1)
      --to TARGET                 the profile to generate: network-policy, cilium, istio-sidecar, istio-ambient, linkerd
                                  (default: the source's engines); with manifests, prints the before/after diff and
                                  exits 1 when the target opens anything the source did not
      --expires YYYY-MM-DD        expiry of the generated exceptions (default: 90 days from today)
`;

class ImportUsageError extends Error {}

function parseArgs(args: string[]): { opts: Record<string, string[]>; paths: string[] } {
  const valued: Record<string, string> = { '-o': 'out', '--out': 'out', '--report': 'report', '--flows': 'flows', '--min-count': 'min-count', '--to': 'to', '--expires': 'expires' };
  const opts: Record<string, string[]> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { paths.push(...args.slice(i + 1)); break; }
    if (a.startsWith('-') && a.length > 1) {
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const name = valued[flag];
      if (!name) throw new ImportUsageError(`unknown option ${flag}`);
      const v = inline ?? args[++i];
      if (v === undefined) throw new ImportUsageError(`${flag} needs a value`);
      if (opts[name] && name !== 'flows') throw new ImportUsageError(`${flag} given twice`);
      opts[name] = [...(opts[name] ?? []), v];
    } else {
      paths.push(a);
    }
  }
  return { opts, paths };
}

/**
 * Runs `import`. Exit codes: 0 written (and, with manifests, the proof holds), 1 the target opens
 * what the source did not, 2 usage or input error.
 */
export function runImport(args: string[], io: Io): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`Usage:\n${IMPORT_USAGE}`);
    return 0;
  }
  let parsed: { opts: Record<string, string[]>; paths: string[] };
  try {
    parsed = parseArgs(args);
    const { opts, paths } = parsed;
    if (paths.length === 0 && !opts.flows) throw new ImportUsageError('no input: give manifest files or directories, or --flows FILE');
    if (opts['min-count'] && !/^[1-9]\d*$/.test(opts['min-count'][0])) throw new ImportUsageError(`--min-count must be a positive integer (got "${opts['min-count'][0]}")`);
    if (opts.expires && !/^\d{4}-\d{2}-\d{2}$/.test(opts.expires[0])) throw new ImportUsageError(`--expires must be a date YYYY-MM-DD (got "${opts.expires[0]}")`);
    if (opts['min-count'] && !opts.flows) throw new ImportUsageError('--min-count applies to --flows only');
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n\nUsage:\n${IMPORT_USAGE}`);
    return 2;
  }
  const { opts, paths } = parsed;
  let target: ImportTarget | undefined;
  if (opts.to) {
    target = (Object.values(ImportTarget) as string[]).find(t => t === opts.to[0].toUpperCase().replace(/-/g, '_')) as ImportTarget | undefined;
    if (!target) {
      io.stderr(`error: --to must be one of network-policy, cilium, istio-sidecar, istio-ambient, linkerd (got "${opts.to[0]}")\n`);
      return 2;
    }
  }
  // Manifests only ('-' is not read here: standard input is not an import source).
  const { objects, errors } = loadInputs(paths);
  for (const e of errors) io.stderr(formatInputError(e));
  let inputErrors = errors.length;
  let flows = '';
  for (const f of opts.flows ?? []) {
    try {
      flows += decodeText(fs.readFileSync(f)) + '\n';
    } catch (e) {
      io.stderr(`error: ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}\n`);
      inputErrors++;
    }
  }
  if (inputErrors > 0) return 2;
  const common = { target, exceptionExpires: opts.expires?.[0], sourceDescription: [...paths, ...(opts.flows ?? [])].join(', ') };
  let result: ImportResult;
  try {
    result = opts.flows
      ? Importer.fromFlows(flows, { ...common, minCount: opts['min-count'] ? Number(opts['min-count'][0]) : undefined, manifests: objects.length ? objects : undefined })
      : Importer.fromManifests(objects, common);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.out) fs.writeFileSync(opts.out[0], result.source); else io.stdout(result.source);
  let report = result.report;
  let code = 0;
  if (!opts.flows && objects.length > 0) {
    // Proof: the cluster with the generated policies in place of the source's, against the source.
    let generated: any[];
    try {
      generated = Importer.synthesize(result);
    } catch (e) {
      io.stderr(`error: the generated app does not synthesize: ${(e as Error).message}\n`);
      return 2;
    }
    const diff = ReachabilityDiff.between(objects, Importer.adopted(objects, generated, result));
    const reported = new Set(result.findings.filter(f => f.kind === ImportFindingKind.NOT_LEAST_PRIVILEGE).map(f => `${f.source} → ${f.destination}`));
    const unexplained = diff.closed.filter(c => !reported.has(`${c.source} → ${c.destination}`));
    report += `\nProof (source vs. source workloads with the generated policies, every port range):\n${diff.toText()}`;
    if (diff.opened.length > 0) {
      report += `FAIL: the ${result.target} app opens ${diff.opened.length} path${diff.opened.length === 1 ? '' : 's'} the source did not.\n`;
      code = 1;
    } else if (unexplained.length > 0) {
      report += `note: ${unexplained.length} closed path${unexplained.length === 1 ? ' is' : 's are'} not among the reported findings (the target enforces more than the source).\n`;
    } else {
      report += 'OK: nothing opened; what is closed is exactly the reported non-least-privilege rules.\n';
    }
  }
  if (opts.report) fs.writeFileSync(opts.report[0], report); else io.stderr(report);
  return code;
}
