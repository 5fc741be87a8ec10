// Internal: SARIF 2.1.0 rendering.
import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../finding';
import { RuleInfo } from '../rule-info';
import { Severity } from '../severity';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifLevel(s: Severity): string {
  switch (s) {
    case Severity.CRITICAL:
    case Severity.HIGH: return 'error';
    case Severity.MEDIUM: return 'warning';
    default: return 'note';
  }
}

export function logicalLocation(f: Finding): string {
  return f.namespaceName === undefined ? `${f.kind}/${f.name}` : `${f.kind}/${f.namespaceName}/${f.name}`;
}

/** The uriBaseId of artifact locations: the root of the repository being audited (GitHub code scanning's convention). */
export const SARIF_ROOT_BASE_ID = '%SRCROOT%';

let cachedVersion: string | undefined;

/** This package's version (from its package.json, found above this file in src/ or lib/). */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    cachedVersion = '0.0.0';
    let dir = __dirname;
    for (;;) {
      const candidate = path.join(dir, 'package.json');
      if (fs.existsSync(candidate)) {
        try {
          const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8'));
          if (pkg.name === 'cdk8s-zero-trust' && typeof pkg.version === 'string') {
            cachedVersion = pkg.version;
            break;
          }
        } catch {
          // not ours: keep walking up
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return cachedVersion!;
}

/**
 * The root a repository-relative URI is relative to: the nearest directory at or
 * above `start` that holds `.git` (a work tree), else `start` itself.
 */
export function repositoryRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** A relative URI reference (RFC 3986, `/` separators, each segment percent-encoded) for `file` under `root`. */
export function relativeUri(root: string, file: string): string {
  const rel = path.relative(root, path.resolve(root, file));
  return rel.split(path.sep).join('/').split('/').map(seg => (seg === '..' || seg === '.') ? seg : encodeURIComponent(seg)).join('/');
}

/** Options of the SARIF rendering. */
export interface SarifRenderOptions {
  /** Directory that artifact URIs are relative to (`%SRCROOT%`). */
  readonly rootDirectory: string;
}

/** PascalCase friendly rule name from a title (`Allow rule open to any peer` → `AllowRuleOpenToAnyPeer`). */
export function sarifRuleName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(w => w.length > 0)
    .map(w => w[0].toUpperCase() + (w.length > 1 && w === w.toUpperCase() ? w.slice(1).toLowerCase() : w.slice(1))).join('');
}

export function toSarif(findings: Finding[], rules: RuleInfo[], options: SarifRenderOptions = { rootDirectory: repositoryRoot(process.cwd()) }): any {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const version = packageVersion();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-zero-trust',
          version,
          semanticVersion: version,
          informationUri: 'https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/RULES.md',
          rules: rules.map(r => ({
            id: r.id,
            name: sarifRuleName(r.title),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            help: { text: r.fix, markdown: r.fix },
            helpUri: `https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/RULES.md#${r.id.toLowerCase()}`,
            defaultConfiguration: { level: sarifLevel(r.severity) },
            properties: { pack: r.pack, severity: r.severity, tags: ['security', 'zero-trust', r.pack] },
          })),
        },
      },
      results: findings.map(f => {
        const location: any = {
          logicalLocations: [{ fullyQualifiedName: logicalLocation(f), name: f.name, kind: 'resource' }],
        };
        if (f.file && f.file !== '<stdin>') {
          const physical: any = { artifactLocation: { uri: relativeUri(options.rootDirectory, f.file), uriBaseId: SARIF_ROOT_BASE_ID } };
          if (f.startLine !== undefined) physical.region = { startLine: f.startLine, endLine: f.endLine ?? f.startLine };
          location.physicalLocation = physical;
        }
        const result: any = {
          ruleId: f.ruleId,
          level: sarifLevel(f.severity),
          message: { text: `${logicalLocation(f)}: ${f.message} Fix: ${f.fix}` },
          locations: [location],
          properties: { severity: f.severity, pack: f.pack, apiVersion: f.apiVersion },
        };
        const i = index.get(f.ruleId);
        if (i !== undefined) result.ruleIndex = i;
        return result;
      }),
    }],
  };
}
