import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Reachability } from '../audit/reachability/reachability';
import { TestPlan } from '../audit/reachability/test-plan';
import { AllowRoute } from '../constructs/allow-route';
import { RouteIntent } from '../shared/route-intent';

/** Options of a rollout plan. */
export interface RolloutPlanOptions {
  /**
   * How many days each namespace stays in dry run before the switch to
   * `ENFORCE` (long enough to see every periodic caller: nightly jobs,
   * weekly reports, month-end batches).
   * @default 7
   */
  readonly observationDays?: number;

  /**
   * The file or folder the synthesized manifests are applied from (used in
   * the `kubectl apply` commands).
   * @default 'dist/'
   */
  readonly manifestsPath?: string;
}

/** The engines a namespace is rendered for, as the rollout plan sees them. */
enum Dataplane { ISTIO_SIDECAR = 'Istio (sidecars)', ISTIO_AMBIENT = 'Istio ambient', LINKERD = 'Linkerd', NONE = 'no mesh' }

interface NamespaceFacts {
  readonly name: string;
  readonly mesh: Dataplane;
  readonly networkPolicy: boolean;
  readonly cilium: boolean;
  readonly dryRun: boolean;
  readonly exceptionExpires?: string;
  readonly exceptionReason?: string;
  readonly workloads: Array<{ kind: string; name: string }>;
}

const EXEC_KIND: Record<string, string> = { Deployment: 'deploy', StatefulSet: 'statefulset', DaemonSet: 'daemonset' };

/**
 * A staged rollout of zero trust, per namespace, as Markdown: apply the
 * identities and allow rules in dry run, watch the would-be denials with each
 * engine's own tool for a set time, fix them, switch the namespace to
 * `ENFORCE`, and run the connectivity `TestPlan`.
 *
 * @example
 * fs.writeFileSync('ROLLOUT.md', RolloutPlan.of(app).toMarkdown());
 */
export class RolloutPlan {
  /**
   * The plan of an app: its synthesized manifests and its declared routes.
   * @param scope the cdk8s App (or a Chart)
   * @param options plan options
   */
  public static of(scope: IConstruct, options: RolloutPlanOptions = {}): RolloutPlan {
    const charts = scope instanceof Chart ? [scope] : scope.node.findAll().filter((c): c is Chart => c instanceof Chart);
    const manifests = charts.flatMap(c => c.toJson());
    return new RolloutPlan(manifests, AllowRoute.intentsOf(scope), options);
  }

  /**
   * The plan of synthesized manifests. Without `intent` the plan has no
   * connectivity probes (the routes come from the app: use `RolloutPlan.of`).
   * @param manifests plain manifest objects
   * @param intent the declared routes
   * @param options plan options
   */
  public static fromManifests(manifests: any[], intent: RouteIntent[] = [], options: RolloutPlanOptions = {}): RolloutPlan {
    return new RolloutPlan(manifests, intent, options);
  }

  /** The namespaces the plan covers, in rollout order (by name). */
  public readonly namespaces: string[];

  private readonly facts: NamespaceFacts[];
  private readonly testPlan?: TestPlan;
  private readonly days: number;
  private readonly manifestsPath: string;

  private constructor(manifests: any[], intent: RouteIntent[], options: RolloutPlanOptions) {
    this.days = options.observationDays ?? 7;
    if (!Number.isInteger(this.days) || this.days < 1) throw new Error(`observationDays ${this.days} must be a whole number of days, at least 1`);
    this.manifestsPath = options.manifestsPath ?? 'dist/';
    const reach = Reachability.fromManifests(manifests);
    const namespaceObjects = manifests.filter(o => o?.kind === 'Namespace' && o?.metadata?.name)
      .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
    this.facts = namespaceObjects.map(ns => factsOf(ns, manifests, reach));
    this.namespaces = this.facts.map(f => f.name);
    this.testPlan = intent.length > 0 ? TestPlan.fromIntent(manifests, intent) : undefined;
  }

  /** The plan as Markdown. */
  public toMarkdown(): string {
    const out: string[] = ['# Zero-trust rollout plan', ''];
    out.push(`Roll out one namespace at a time, in this order: ${this.facts.map(f => `\`${f.name}\``).join(', ') || '(no namespaces)'}. `
      + 'Each namespace goes through a dry run first: its identities and allow rules are applied, nothing is denied, and every would-be '
      + 'denial the engines can observe is visible. A dry run is an exception with an expiry (`dryRunException`); the audit reports '
      + 'a namespace still in dry run after it (ZT-NET-006).', '');
    for (const f of this.facts) out.push(...this.namespaceSection(f));
    return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }

  private namespaceSection(f: NamespaceFacts): string[] {
    const ns = f.name;
    const engines = [f.mesh !== Dataplane.NONE ? f.mesh : undefined, f.networkPolicy ? 'Kubernetes NetworkPolicy' : undefined, f.cilium ? 'Cilium' : undefined]
      .filter((x): x is string => x !== undefined);
    const state = f.dryRun
      ? `in DRY_RUN${f.exceptionExpires ? ` until ${f.exceptionExpires}` : ' (no dated exception: ZT-NET-006)'}${f.exceptionReason ? ` (${f.exceptionReason})` : ''}`
      : 'ENFORCE';
    const out: string[] = [`## Namespace \`${ns}\``, '', `Engines: ${engines.join(', ') || 'none'}. Synthesized as: ${state}.`, ''];
    const restart = f.workloads.filter(w => EXEC_KIND[w.kind]).map(w => `${EXEC_KIND[w.kind]}/${w.name}`);
    if (f.mesh === Dataplane.ISTIO_AMBIENT) return [...out, ...this.ambientSteps(f)];

    out.push('1. **Apply identities and allow rules, in dry run.** Synthesize with '
      + `\`enforcement: Enforcement.DRY_RUN\` and \`dryRunException: Exception.of({ reason, expires })\` on the \`${ns}\` namespace, then apply:`);
    out.push('', '   ```sh', `   kubectl apply -f ${this.manifestsPath}`);
    if (f.mesh !== Dataplane.NONE && restart.length > 0) {
      out.push(`   kubectl -n ${ns} rollout restart ${restart.join(' ')}   # the mesh injects its proxy at pod creation`);
    }
    out.push('   ```', '');
    out.push('2. **What the dry run does here.**', '');
    for (const line of this.dryRunLines(f)) out.push(`   - ${line}`);
    out.push('');
    out.push(`3. **Watch for ${this.days} day${this.days === 1 ? '' : 's'}** (a full cycle of every periodic caller: nightly jobs, weekly reports, month-end batches). Would-be denials:`, '');
    const watch = this.watchCommands(f);
    if (watch.length === 0) {
      out.push('   No engine of this namespace can observe a would-be denial in a dry run: compare the traffic you expect with the `Reachability` '
        + 'report of the enforced manifests (`cdk8s-zero-trust graph`), and keep the switch small.');
    } else {
      out.push('   ```sh', ...watch.map(c => `   ${c}`), '   ```');
    }
    out.push('');
    out.push('4. **Fix every would-be denial**: declare the missing route (`AllowRoute`) if the caller is legitimate, or confirm it must be denied. '
      + `Restart the ${this.days}-day window after each change, until a whole window shows none.`, '');
    out.push(`5. **Switch \`${ns}\` to ENFORCE**: set \`enforcement: Enforcement.ENFORCE\` (or remove it), remove \`dryRunException\`, synthesize and apply. `
      + 'Only this namespace\'s objects change: ' + this.enforceChanges(f).join('; ') + '.', '');
    out.push(...this.probeSection(f));
    out.push(`7. **Roll back** if something breaks: set \`enforcement: Enforcement.DRY_RUN\` on \`${ns}\` again (with a new dated exception) and apply.`, '');
    return out;
  }

  /**
   * Istio ambient has no dry run the manifests can rely on (the library refuses DRY_RUN there): the plan
   * checks the enforced manifests before the switch instead of observing a dry run, and keeps the switch short.
   */
  private ambientSteps(f: NamespaceFacts): string[] {
    const ns = f.name;
    return [
      '1. **No dry run on Istio ambient.** ztunnel receives `istio.io/dry-run` policies only with istiod\'s experimental '
        + '`AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY=true`, and a ztunnel older than 1.29 then enforces them, so the library refuses '
        + '`DRY_RUN` here. Before the switch, check the enforced manifests instead: every caller you know of must be a declared route.',
      '',
      '   ```sh',
      `   cdk8s-zero-trust graph ${this.manifestsPath}   # the allowed graph, per engine`,
      `   cdk8s-zero-trust audit ${this.manifestsPath}`,
      '   ```',
      '',
      `2. **Switch \`${ns}\` to ENFORCE** in a quiet window: \`kubectl apply -f ${this.manifestsPath}\`.`,
      '',
      ...this.probeSection(f).map(l => l.replace(/^6\. /, '3. ')),
      `4. **Roll back** if something breaks: delete the namespace's AuthorizationPolicies (\`kubectl -n ${ns} delete authorizationpolicies.security.istio.io --all\`)`
        + (f.networkPolicy ? ' and NetworkPolicies (`kubectl -n ' + ns + ' delete networkpolicies --all`)' : '')
        + (f.cilium ? ' and CiliumNetworkPolicies (`kubectl -n ' + ns + ' delete ciliumnetworkpolicies --all`)' : '')
        + ', then fix the routes and apply again.',
      '',
    ];
  }

  private dryRunLines(f: NamespaceFacts): string[] {
    const out: string[] = [];
    switch (f.mesh) {
      case Dataplane.ISTIO_SIDECAR:
        out.push('Istio: every AuthorizationPolicy carries `istio.io/dry-run: "true"`, so its rules are shadow rules that log and count but do not deny; '
          + 'the Sidecar\'s outbound policy is `ALLOW_ANY`, so hosts outside the registry go to `PassthroughCluster` instead of being refused. '
          + 'PeerAuthentication stays STRICT: a client without a mesh identity is still refused (that needs `mtls.permissive`, an exception of its own).');
        break;
      case Dataplane.LINKERD:
        out.push('Linkerd: the namespace\'s default inbound policy and every Server\'s `accessPolicy` are `audit`: a request no AuthorizationPolicy '
          + 'authorizes is allowed and flagged as authorization `audit` in the proxy log and metrics (Linkerd 2.16+).');
        break;
      default:
        break;
    }
    if (f.networkPolicy) {
      out.push('Kubernetes NetworkPolicy: no dry run exists and every policy isolates the pods it selects, so no NetworkPolicy is applied in this '
        + 'namespace until the switch; it observes nothing' + (f.mesh !== Dataplane.NONE ? ' (the mesh\'s dry run observes the same hops at L7/identity).' : '.'));
    }
    if (f.cilium) {
      out.push('Cilium: allow rules only (`enableDefaultDeny: false`, no L7 rules, no default-deny policy): nothing is denied and Cilium '
        + 'observes nothing. Its Policy Audit Mode is agent- or endpoint-wide, not per policy: the manifests cannot set it.');
    }
    return out;
  }

  private watchCommands(f: NamespaceFacts): string[] {
    const ns = f.name;
    const out: string[] = [];
    const ws = f.workloads.filter(w => EXEC_KIND[w.kind]).map(w => `${EXEC_KIND[w.kind]}/${w.name}`);
    if (f.mesh === Dataplane.ISTIO_SIDECAR) {
      out.push('# Istio: Envoy RBAC shadow rules (stat prefix istio_dry_run_allow_), per workload');
      for (const w of ws) out.push(`kubectl -n ${ns} exec ${w} -c istio-proxy -- pilot-agent request GET stats | grep shadow_denied`);
      out.push('# ... and which policy would deny whom (Envoy logs "shadow denied, matched policy ..." at debug level)');
      for (const w of ws) {
        out.push(`istioctl proxy-config log ${w} -n ${ns} --level rbac:debug && kubectl -n ${ns} logs ${w} -c istio-proxy -f | grep 'shadow denied'`);
      }
      // Unregistered hosts under ALLOW_ANY are reported with destination_service_name="PassthroughCluster"
      // (istio/istio tests/integration/telemetry outboundtrafficpolicy: istio_requests_total, istio_tcp_connections_opened_total).
      out.push('# Egress that REGISTRY_ONLY would refuse: traffic through PassthroughCluster (PromQL)');
      out.push(`# sum by (source_workload, destination_service) (rate(istio_requests_total{reporter="source", source_workload_namespace="${ns}", destination_service_name="PassthroughCluster"}[5m]))`);
      out.push(`# sum by (source_workload) (rate(istio_tcp_connections_opened_total{reporter="source", source_workload_namespace="${ns}", destination_service_name="PassthroughCluster"}[5m]))`);
    }
    if (f.mesh === Dataplane.LINKERD) {
      out.push('# Linkerd: requests allowed only by the audit policy (authz default/audit)');
      for (const w of ws) out.push(`linkerd viz authz -n ${ns} ${w}`);
      for (const w of ws) out.push(`kubectl -n ${ns} logs ${w} -c linkerd-proxy -f | grep 'authz.name=audit'`);
      out.push(`# sum by (deployment, srv_name) (rate(inbound_http_authz_allow_total{namespace="${ns}", authz_name="audit"}[5m])) and inbound_tcp_authz_allow_total likewise (PromQL)`);
    }
    return out;
  }

  private enforceChanges(f: NamespaceFacts): string[] {
    const out: string[] = [];
    if (f.mesh === Dataplane.ISTIO_SIDECAR) out.push('the `istio.io/dry-run` annotations go, the Sidecar becomes `REGISTRY_ONLY`');
    if (f.mesh === Dataplane.LINKERD) out.push('the default inbound policy becomes `deny` and the Servers lose `accessPolicy: audit`');
    if (f.networkPolicy) out.push('the NetworkPolicies (default deny first, then DNS and the allow rules) are applied');
    if (f.cilium) out.push('the Cilium default-deny policy is applied and the allow rules get back their default deny and L7 rules');
    return out.length > 0 ? out : ['none'];
  }

  private probeSection(f: NamespaceFacts): string[] {
    const head = '6. **Run the connectivity test plan** right after the switch (every declared route must answer, every other probe must be refused):';
    if (!this.testPlan) return [head, '', '   (No routes given: build the plan with `RolloutPlan.of(app)` to list the probes, or run `TestPlan.fromIntent(manifests, AllowRoute.intentsOf(app))`.)', ''];
    const probes = this.testPlan.probes.filter(p => p.destination.startsWith(`${f.name}/`) || p.source.startsWith(`${f.name}/`));
    if (probes.length === 0) return [head, '', `   No probe involves \`${f.name}\`.`, ''];
    const out = [head, '', '   ```sh'];
    for (const p of probes) out.push(`   # ${p.expectAllowed ? 'allowed ' : 'denied  '} ${p.source} -> ${p.destination}:${p.port} ${p.method} ${p.path}`, `   ${p.command}`);
    out.push('   ```', '');
    return out;
  }
}

function factsOf(ns: any, manifests: any[], reach: Reachability): NamespaceFacts {
  const name = String(ns.metadata.name);
  const labels = ns.metadata.labels ?? {};
  const ann = ns.metadata.annotations ?? {};
  const inNs = manifests.filter(o => o?.metadata?.namespace === name);
  let mesh = Dataplane.NONE;
  if (labels['istio.io/dataplane-mode'] === 'ambient') mesh = Dataplane.ISTIO_AMBIENT;
  else if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined) mesh = Dataplane.ISTIO_SIDECAR;
  else if (ann['linkerd.io/inject'] === 'enabled') mesh = Dataplane.LINKERD;
  const networkPolicy = inNs.some(o => o.kind === 'NetworkPolicy') || ann['zero-trust.cdk8s.io/dry-run.kubernetes-network-policy'] !== undefined;
  const cilium = inNs.some(o => o.kind === 'CiliumNetworkPolicy') || ann['zero-trust.cdk8s.io/dry-run.cilium'] !== undefined;
  return {
    name,
    mesh,
    networkPolicy,
    cilium,
    dryRun: ann['zero-trust.cdk8s.io/enforcement'] === 'dry-run',
    exceptionExpires: ann['zero-trust.cdk8s.io/exception.dry-run.expires'],
    exceptionReason: ann['zero-trust.cdk8s.io/exception.dry-run'],
    workloads: reach.workloads().filter(w => w.namespaceName === name).map(w => ({ kind: w.kind, name: w.name })),
  };
}
