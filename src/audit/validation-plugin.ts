import { Audit } from './audit';
import { Finding } from './finding';
import { parseSeverity } from './internal/severity-rank';
import { Suppression } from './options';
import { Severity } from './severity';

// The file loader (and its YAML reader) loads on first use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = (): typeof import('./internal/loader') => require('./internal/loader');

/**
 * Properties of `ZeroTrustValidation`: the `properties` of its entry in `cdk8s.yaml`.
 */
export interface ZeroTrustValidationProps {
  /**
   * Findings at or above this severity fail `cdk8s synth` (`INFO`, `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`).
   * @default Severity.HIGH
   */
  readonly minSeverity?: Severity;
  /**
   * The cluster's trust domain.
   * @default - learned from the manifests, otherwise `cluster.local`
   */
  readonly trustDomain?: string;
  /**
   * Only run the rules of these packs.
   * @default - all packs
   */
  readonly packs?: string[];
  /**
   * Rule ids not to run.
   * @default - none
   */
  readonly exclude?: string[];
  /**
   * Findings to silence, each with a reason.
   * @default - none
   */
  readonly suppressions?: Suppression[];
}

/**
 * A cdk8s validation plugin that runs the zero-trust audit during `cdk8s synth`
 * (cdk8s-cli's `Validation` contract: `validate(context)` reads
 * `context.manifests`, adds violations to `context.report` and submits it).
 * Every synthesized manifest is audited together; each rule with findings at or
 * above `minSeverity` becomes one violation listing the offending resources
 * (name, manifest file, line range and message), and the report fails.
 *
 * In `cdk8s.yaml` (the package as your app installed it: a local path needs no download):
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-zero-trust
 *     version: 0.0.0          # any pinned version; a local package is not downloaded
 *     class: ZeroTrustValidation
 *     properties:
 *       minSeverity: HIGH
 * ```
 */
export class ZeroTrustValidation {
  private readonly props: ZeroTrustValidationProps;

  /**
   * @param props what to audit and what fails (from `properties` in cdk8s.yaml)
   */
  public constructor(props: ZeroTrustValidationProps = {}) {
    this.props = props ?? {};
    const min = this.props.minSeverity;
    if (min !== undefined && !parseSeverity(String(min))) {
      throw new Error(`ZeroTrustValidation: minSeverity "${min}" is not a severity: use one of INFO, LOW, MEDIUM, HIGH, CRITICAL`);
    }
    // Unknown packs/rules and suppressions without a reason fail now, not at the first synth.
    Audit.ofManifests([], this.auditOptions());
  }

  /**
   * Audits `context.manifests` (the synthesized YAML files) and reports to `context.report`
   * (cdk8s-cli `ValidationContext`).
   * @param context the cdk8s-cli validation context
   */
  public async validate(context: any): Promise<void> {
    const files: string[] = [...(context?.manifests ?? [])];
    const objects: any[] = [];
    const inputErrors: string[] = [];
    for (const f of files) {
      const r = loader().loadFile(f);
      objects.push(...r.objects);
      for (const e of r.errors) inputErrors.push(`${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.reason}`);
    }
    const report = Audit.ofManifests(objects, this.auditOptions());
    const min = parseSeverity(String(this.props.minSeverity ?? Severity.HIGH))!;
    const failing = report.atLeast(min);
    const byRule = new Map<string, Finding[]>();
    for (const f of failing) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    for (const [ruleId, findings] of byRule) {
      const rule = report.rules.find(r => r.id === ruleId);
      context.report.addViolation({
        ruleName: `${ruleId} ${rule?.title ?? ''}`.trim(),
        recommendation: rule?.explanation ?? findings[0].message,
        fix: rule?.fix ?? findings[0].fix,
        violatingResources: findings.map(f => ({
          resourceName: f.name,
          manifestPath: f.file ?? '',
          locations: [`${f.severity} ${f.kind}/${f.namespaceName !== undefined ? `${f.namespaceName}/` : ''}${f.name}${f.startLine !== undefined ? ` (lines ${f.startLine}-${f.endLine ?? f.startLine})` : ''}: ${f.message}`],
        })),
      });
    }
    if (inputErrors.length > 0) {
      context.report.addViolation({
        ruleName: 'unreadable manifest',
        recommendation: 'Every synthesized manifest must be readable YAML for the audit to judge it.',
        fix: 'Fix or remove the file named in the location.',
        violatingResources: inputErrors.map(e => ({ resourceName: '', manifestPath: e.split(':')[0], locations: [e] })),
      });
    }
    const below = report.findings.length - failing.length;
    context.report.submit(failing.length > 0 || inputErrors.length > 0 ? 'failure' : 'success', {
      'manifests': String(files.length),
      'objects': String(objects.length),
      'findings': report.summary(),
      'failing at': `${min} and above`,
      ...(below > 0 ? { 'below the threshold': `${below} (run cdk8s-zero-trust audit dist/ for all)` } : {}),
    });
  }

  private auditOptions() {
    return { trustDomain: this.props.trustDomain, packs: this.props.packs, exclude: this.props.exclude, suppressions: this.props.suppressions };
  }
}
