import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import type { Model } from './internal/model';
import { FlowImportOptions, ImportFindingKind, ImportOptions, ImportResult, ImportTarget } from './types';

// The importer's internals load on first use (an app that does not import pays nothing for them).
/* eslint-disable @typescript-eslint/no-require-imports */
const internalBuild = (): typeof import('./internal/build') => require('./internal/build');
const internalCodegen = (): typeof import('./internal/codegen') => require('./internal/codegen');
const internalFlows = (): typeof import('./internal/from-flows') => require('./internal/from-flows');
const internalManifests = (): typeof import('./internal/from-manifests') => require('./internal/from-manifests');
const internalModel = (): typeof import('./internal/model') => require('./internal/model');
const internalReport = (): typeof import('./internal/report') => require('./internal/report');
const auditInternals = (): typeof import('../audit/internal/manifests') => require('../audit/internal/manifests');
/* eslint-enable @typescript-eslint/no-require-imports */

const MODELS = new WeakMap<ImportResult, { model: Model; options: ImportOptions }>();

/**
 * Adopts a running cluster: turns its existing policies (or, with `fromFlows`, its observed
 * traffic) into a cdk8s app of `ZeroTrustNamespace`s, `MeshService`s and routes that a person
 * can read, review and commit, plus a report of what could not be reproduced as least privilege.
 *
 * Which workload pairs and ports the source allows is computed by `Reachability` (each engine on
 * its own semantics), so the generated app reproduces the source's allowed pairs except the
 * findings of kind `NOT_LEAST_PRIVILEGE`; prove it with `ReachabilityDiff.between`.
 *
 * @example
 * const result = Importer.fromManifests(objects);
 * fs.writeFileSync('app.ts', result.source);
 * console.log(result.report);
 */
export class Importer {
  /**
   * Imports workloads and policies (Kubernetes NetworkPolicy, Cilium, Istio, Linkerd).
   * @param manifests plain manifest objects (`List` kinds are flattened)
   * @param options target profile, exception expiry, module name
   */
  public static fromManifests(manifests: any[], options: ImportOptions = {}): ImportResult {
    return Importer._result(internalManifests().fromManifests(manifests, options), options);
  }

  /**
   * Imports observed traffic: Hubble flow exports (`hubble observe -o json`, one flow per line)
   * and Envoy/Istio JSON access logs of server-side proxies (with `%DOWNSTREAM_PEER_URI_SAN%` and
   * `%DOWNSTREAM_LOCAL_URI_SAN%`). Pod-level flows are aggregated to workloads (Hubble's
   * `workloads` field, else the pod name without its replica suffix), ports and, for HTTP, methods
   * and paths (trailing id-like segments become a prefix). Dropped flows, replies, UDP and flows
   * below `minCount` are not turned into routes; addresses and DNS names outside the cluster
   * become `Peer.cidr` / `Peer.fqdn` routes or suggestions.
   * @param flows the export's text (JSON lines; both formats may be mixed)
   * @param options noise floor, the cluster's manifests, target profile
   */
  public static fromFlows(flows: string, options: FlowImportOptions = {}): ImportResult {
    return Importer._result(internalFlows().fromFlows(flows, options), options);
  }

  /**
   * The cluster after the generated app is applied: the source's objects without their policies,
   * workloads running as the service accounts the import gave them, and the generated objects
   * (which replace source objects of the same kind, namespace and name). Compare it with the
   * source with `ReachabilityDiff.between(source, Importer.adopted(...))`.
   * @param manifests the manifests that were imported
   * @param generated the objects the generated app synthesizes
   * @param result the import result
   */
  public static adopted(manifests: any[], generated: any[], result: ImportResult): any[] {
    const id = (o: any) => `${o?.kind}/${auditInternals().namespaceOf(o) ?? ''}/${o?.metadata?.name ?? ''}`;
    const gen = auditInternals().flatten(generated);
    const replaced = new Set(gen.map(id));
    const accounts = new Map(result.services.map(s => [`${s.namespaceName}/${s.workload}`, s.serviceAccount]));
    const kept = auditInternals().flatten(manifests).filter(o => !internalManifests().isPolicy(o) && !replaced.has(id(o))).map(o => {
      const sa = accounts.get(`${auditInternals().namespaceOf(o) ?? 'default'}/${o.kind}/${o.metadata?.name}`);
      if (!sa || !auditInternals().podTemplateOf(o)) return o;
      const copy = JSON.parse(JSON.stringify(o));
      const t = auditInternals().podTemplateOf(copy)!;
      t.spec.serviceAccountName = sa;
      delete t.spec.serviceAccount;
      return copy;
    });
    return [...kept, ...gen];
  }

  /**
   * Synthesizes the generated app in-process (the same constructs its source declares, without a
   * TypeScript toolchain) and returns its objects; construct validation errors are thrown.
   * @param result an import result of this process
   */
  public static synthesize(result: ImportResult): any[] {
    const entry = MODELS.get(result);
    if (!entry) throw new Error('Importer.synthesize: pass a result returned by Importer.fromManifests or Importer.fromFlows in this process');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-import-'));
    try {
      const app = new App({ outdir });
      internalBuild().buildModel(app, entry.model, entry.options);
      app.synth();
      return app.charts.flatMap(c => c.toJson());
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  /** @internal */
  public static _result(model: Model, options: ImportOptions): ImportResult {
    if (model.target === ImportTarget.NETWORK_POLICY) {
      for (const r of model.routes.filter(x => x.http && x.http.length > 0)) {
        model.findings.push({
          kind: ImportFindingKind.NOT_EXPRESSIBLE,
          subject: `${internalModel().endpointName(r.from)} → ${internalModel().endpointName(r.to)}:${r.ports.join(',')}`,
          message: `only ${r.http!.map(internalModel().httpText).join(', ')} is allowed, but Kubernetes NetworkPolicy cannot enforce HTTP rules: the generated route keeps them for a later mesh and allows any request meanwhile`,
          suggestion: 'target a profile that enforces them (--to cilium, istio-sidecar, istio-ambient or linkerd)',
        });
      }
    }
    const base = {
      target: model.target,
      source: internalCodegen().generate(model, options),
      services: model.services.map(s => ({
        namespaceName: s.namespace,
        name: s.name,
        workload: `${s.workloadKind}/${s.workloadName}`,
        serviceAccount: s.serviceAccount,
        sourceServiceAccount: s.sourceServiceAccount,
        selector: { ...s.selector },
        ports: [...s.ports.keys()].sort((a, b) => a - b),
      })),
      routes: model.routes.map(r => ({
        source: internalModel().endpointName(r.from),
        destination: internalModel().endpointName(r.to),
        ports: [...r.ports],
        http: (r.http ?? []).map(internalModel().httpText),
        sources: [...r.sources],
        ...(r.count !== undefined ? { count: r.count } : {}),
      })),
      policies: model.policies,
      findings: model.findings,
    };
    const result = { ...base, report: internalReport().reportText(base) };
    MODELS.set(result, { model, options });
    return result;
  }

  private constructor() {}
}
