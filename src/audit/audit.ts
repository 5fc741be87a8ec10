import type { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { severityRank } from './internal/severity-rank';
import { AuditEnforceOptions, AuditOptions } from './options';
import { AuditReport } from './report';
import { RuleInfo } from './rule-info';
import { Severity } from './severity';

/**
 * cdk8s, loaded on first use: the CLI audits files and never needs it (saves ~0.2 s of start-up).
 */
function cdk8s(): typeof import('cdk8s') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdk8s');
}
// The rules load on first use: an app that never audits does not load them (issue 19).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = (): typeof import('./internal/run') => require('./internal/run');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sarif = (): typeof import('./internal/sarif') => require('./internal/sarif');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ruleModule = (): typeof import('./rules') => require('./rules');

/** Charts under a scope (the scope itself if it is one), or the chart that contains it. */
function chartsOf(scope: IConstruct): Chart[] {
  const { Chart } = cdk8s();
  const charts = scope.node.findAll().filter((c): c is Chart => Chart.isChart(c));
  return charts.length > 0 ? charts : [Chart.of(scope)];
}

/**
 * The manifests of a chart, read from its ApiObjects (like `Chart.toJson()`,
 * but without running the app's validations, so it can be used inside one).
 */
function chartManifests(chart: Chart): any[] {
  const { ApiObject, Chart } = cdk8s();
  return chart.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map(o => o.toJson());
}

/**
 * Zero-trust audit of Kubernetes manifests: from cdk8s constructs, Helm output
 * or hand-written YAML. See RULES.md for the rules.
 *
 * @example
 * const report = Audit.of(app, { trustDomain: 'prod.example.com' });
 * for (const f of report.atLeast(Severity.HIGH)) console.log(f.ruleId, f.message);
 */
export class Audit {
  /**
   * Audits every chart under `scope` (an App, a Chart, or a construct inside a chart) together.
   * @param scope app, chart or construct
   * @param options audit options
   */
  public static of(scope: IConstruct, options: AuditOptions = {}): AuditReport {
    const manifests = chartsOf(scope).flatMap(chartManifests);
    return Audit.ofManifests(manifests, options);
  }

  /**
   * Audits plain manifest objects (`{ apiVersion, kind, metadata, spec }`); `List` kinds are flattened.
   * @param manifests the objects
   * @param options audit options
   */
  public static ofManifests(manifests: any[], options: AuditOptions = {}): AuditReport {
    const run = runner().runAudit(manifests, options);
    return new AuditReport(run.findings, run.rules);
  }

  /**
   * Makes synthesis fail on findings at or above `minSeverity`: adds a
   * validation to each chart under `scope` that lists that chart's findings
   * (the audit sees all charts under `scope` together, so a default-deny in
   * one chart counts for workloads in another).
   * @param scope app or chart
   * @param options audit options and the minimum severity that fails synthesis
   */
  public static enforce(scope: IConstruct, options: AuditEnforceOptions = {}): void {
    const min = options.minSeverity ?? Severity.HIGH;
    severityRank(min); // validates the enum value early
    const charts = chartsOf(scope);
    // One audit per validation pass: the first chart recomputes, the others reuse it.
    let cached: { byChart: Map<Chart, string[]> } | undefined;
    const compute = () => {
      const owner = new Map<any, Chart>();
      const manifests: any[] = [];
      for (const chart of charts) {
        for (const m of chartManifests(chart)) {
          owner.set(m, chart);
          manifests.push(m);
        }
      }
      const run = runner().runAudit(manifests, options);
      const byChart = new Map<Chart, string[]>();
      run.findings.forEach((f, i) => {
        if (severityRank(f.severity) < severityRank(min)) return;
        const chart = owner.get(run.objects[i]) ?? charts[0];
        const list = byChart.get(chart) ?? [];
        list.push(`[${f.ruleId}] ${f.severity} ${sarif().logicalLocation(f)}: ${f.message} Fix: ${f.fix}`);
        byChart.set(chart, list);
      });
      return { byChart };
    };
    charts.forEach((chart, i) => {
      chart.node.addValidation({
        validate: () => {
          if (i === 0 || !cached) cached = compute();
          return cached.byChart.get(chart) ?? [];
        },
      });
    });
  }

  /** Every rule the audit knows, in documentation order. */
  public static rules(): RuleInfo[] {
    return ruleModule().ALL_RULES.map(runner().ruleInfo);
  }

  private constructor() {}
}
