import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { spireWorkload } from './internal/backends';
import { ZeroTrustNamespace } from './zero-trust-namespace';
import { SPIRE, agentSocketFileName } from '../backends/spire/config';
import { describe, goDuration, ttlProblem, wholeSeconds } from '../backends/spire/duration';
import { CREDENTIAL_CAP_SECONDS, credentialLifetimeProblems, JWT_SVID_CAP_SECONDS } from '../model/credential-lifetime';
import { Exception } from '../model/exception';
import { ObjectNames } from '../model/names';
import { SpiffeId } from '../model/spiffe-id';
import { IWorkloadIdentity } from '../model/workload';
import { ClusterProfile, IdentityProvider } from '../profile/cluster-profile';
import { MeshKind } from '../profile/mesh';

/** Pods selected by namespace and labels, for workloads not modelled as a `MeshService`. */
export interface SpiffeWorkloadSelector {
  /** Namespace of the pods. */
  readonly namespaceName: string;
  /** Labels that select exactly the workload's pods (at least one). */
  readonly podLabels: { [key: string]: string };
}

/** Properties of a `SpiffeWorkload`. Give exactly one of `service` and `selector`. */
export interface SpiffeWorkloadProps {
  /**
   * The workload (e.g. a `MeshService`). When it carries a cdk8s-plus
   * workload, the SPIFFE Workload API is mounted into its containers.
   * @default - use `selector`
   */
  readonly service?: IWorkloadIdentity;

  /**
   * The pods by namespace and labels.
   * @default - use `service`
   */
  readonly selector?: SpiffeWorkloadSelector;

  /**
   * The cluster profile (trust domain, mesh).
   * @default - the profile of the `ZeroTrustNamespace` the service or this construct is in
   */
  readonly profile?: ClusterProfile;

  /**
   * Path template of the SPIFFE ID under the profile's trust domain
   * (spire-controller-manager template syntax). Istio requires the default.
   * @default 'ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}'
   */
  readonly pathTemplate?: string;

  /**
   * Upper bound of X.509-SVID lifetimes for this workload. At most 24h
   * without `longLivedSvidException`.
   * @default Duration.hours(1)
   */
  readonly x509SvidTtl?: Duration;

  /**
   * Upper bound of JWT-SVID lifetimes. At most the X.509-SVID lifetime, and
   * at most 1h without `longLivedSvidException`.
   * @default Duration.minutes(5)
   */
  readonly jwtSvidTtl?: Duration;

  /**
   * Extra DNS SAN templates for the X.509-SVID, e.g.
   * `'{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc'`.
   * @default - none
   */
  readonly dnsNameTemplates?: string[];

  /**
   * Other trust domains whose bundles the workload receives, so it can
   * authenticate their workloads (each needs a `SpireFederation`).
   * @default - none
   */
  readonly federatesWith?: string[];

  /**
   * Audiences this workload requests JWT-SVIDs for, for service-to-service
   * authentication with bearer tokens (e.g. the SPIFFE ID or name of the
   * callee). Passed to the containers as `SPIFFE_JWT_AUDIENCES`
   * (comma-separated) and recorded on the registration.
   * @default - no JWT-SVIDs are expected
   */
  readonly jwtAudiences?: string[];

  /**
   * Name of the (cluster-scoped) `ClusterSPIFFEID`.
   * @default - `<namespace>-<service account or construct id>`
   */
  readonly name?: string;

  /**
   * Justification for SVID lifetimes above 24h (X.509) or 1h (JWT).
   * @default - long-lived SVIDs are rejected
   */
  readonly longLivedSvidException?: Exception;
}

const CONTROLLER_TEMPLATE_ROOTS = ['.PodMeta', '.PodSpec', '.NodeMeta', '.NodeSpec', '.TrustDomain', '.ClusterName', '.ClusterDomain'];

/**
 * A SPIFFE identity for one workload, issued by SPIRE:
 *
 * - a `ClusterSPIFFEID` (spire-controller-manager) whose `podSelector` and
 *   `namespaceSelector` select exactly this workload, with the ID
 *   `spiffe://<trust domain>/ns/<namespace>/sa/<service account>` by default,
 *   short SVID lifetimes (X.509 1h, JWT 5m), admin and downstream off;
 * - on a cdk8s-plus workload: the SPIFFE Workload API mounted read-only
 *   through the SPIFFE CSI driver (`csi.spiffe.io`, never a hostPath) and
 *   `SPIFFE_ENDPOINT_SOCKET` set in every container. With Istio taking its
 *   identities from SPIRE, the volume is the `workload-socket` the Istio proxy
 *   reads its certificates from.
 *
 * @example
 * new SpiffeWorkload(payments, 'checkout-id', { service: checkout });
 */
export class SpiffeWorkload extends Construct {
  /** The `spiffeIDTemplate` of the registration. */
  public readonly spiffeIdTemplate: string;
  /** The concrete SPIFFE ID, when known at synthesis (a `service` with the default template). */
  public readonly spiffeId?: SpiffeId;
  /** Namespace of the pods. */
  public readonly namespaceName: string;
  /** Labels of the pods. */
  public readonly podLabels: { [key: string]: string };
  /** JWT-SVID audiences requested by the workload. */
  public readonly jwtAudiences: string[];
  /** The `SPIFFE_ENDPOINT_SOCKET` value inside the pods. */
  public readonly endpointSocket: string;
  /** The `ClusterSPIFFEID` (escape hatch). */
  public readonly clusterSpiffeId: ApiObject;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: SpiffeWorkloadProps) {
    super(scope, id);
    const p = (m: string) => this.problems.push(m);
    this.node.addValidation({ validate: () => [...this.problems] });

    if ((props.service === undefined) === (props.selector === undefined)) {
      p('give exactly one of service (a MeshService or other IWorkloadIdentity) and selector ({ namespace, podLabels })');
    }
    const zt = (props.service ? ZeroTrustNamespace.of(props.service as unknown as Construct) : undefined) ?? ZeroTrustNamespace.of(this);
    const profile = props.profile ?? zt?.profile;
    if (!profile) p('no cluster profile: pass profile, or create the SpiffeWorkload (or its service) inside a ZeroTrustNamespace');
    const trustDomain = profile?.trustDomain ?? 'cluster.local';
    if (profile) for (const m of SpiffeId.trustDomainProblems(trustDomain)) p(`cluster profile: ${m}`);

    this.namespaceName = props.service?.namespaceName ?? props.selector?.namespaceName ?? '';
    this.podLabels = { ...(props.service?.podLabels ?? props.selector?.podLabels ?? {}) };
    const nsProblem = ObjectNames.dns1123LabelProblem(this.namespaceName);
    if (nsProblem) p(`namespace "${this.namespaceName}" ${nsProblem}`);
    if (Object.keys(this.podLabels).length === 0) {
      p(`podLabels is empty: the registration would give this identity to every pod in namespace "${this.namespaceName}"; select exactly the workload's pods`);
    }
    for (const [k, v] of Object.entries(this.podLabels)) {
      const lp = ObjectNames.labelValueProblem(v);
      if (lp) p(`pod label ${k}="${v}": value ${lp}`);
    }

    // SPIFFE ID template.
    const pathTemplate = (props.pathTemplate ?? SpiffeId.SERVICE_ACCOUNT_PATH_TEMPLATE).replace(/^\/+/, '');
    for (const m of templateProblems('pathTemplate', pathTemplate, true)) p(m);
    this.spiffeIdTemplate = SpiffeId.spireTemplate(trustDomain, pathTemplate);
    if (props.service && props.pathTemplate === undefined) {
      this.spiffeId = SpiffeId.forServiceAccount(trustDomain, this.namespaceName, props.service.serviceAccountName);
      for (const m of this.spiffeId.problems()) p(`SPIFFE ID of service account "${props.service.serviceAccountName}": ${m}`);
    }
    const istioSpire = profile !== undefined && profile.mesh.isIstio && profile.identityProvider === IdentityProvider.SPIRE;
    if (istioSpire && props.pathTemplate !== undefined && pathTemplate !== SpiffeId.SERVICE_ACCOUNT_PATH_TEMPLATE) {
      p(`pathTemplate "${pathTemplate}": Istio takes its identities from SPIRE in this profile and only accepts IDs of the form spiffe://<td>/ns/<namespace>/sa/<service account>; remove pathTemplate`);
    }
    for (const t of props.dnsNameTemplates ?? []) for (const m of templateProblems('dnsNameTemplates', t, false)) p(m);

    // TTLs.
    const x509 = props.x509SvidTtl ?? Duration.hours(1);
    const jwt = props.jwtSvidTtl ?? Duration.minutes(5);
    const ttlBad = [ttlProblem('x509SvidTtl', x509), ttlProblem('jwtSvidTtl', jwt)].filter((m): m is string => m !== undefined);
    ttlBad.forEach(p);
    const xs = wholeSeconds(x509) ?? 3600;
    const js = wholeSeconds(jwt) ?? 300;
    if (ttlBad.length === 0) {
      if (js > xs) p(`jwtSvidTtl ${describe(jwt)} is longer than x509SvidTtl ${describe(x509)}: JWT-SVIDs are bearer tokens and must not outlive X.509-SVIDs; use at most ${describe(x509)} (5m recommended)`);
      for (const m of credentialLifetimeProblems('SVIDs', [
        { prop: 'x509SvidTtl', seconds: xs, capSeconds: CREDENTIAL_CAP_SECONDS },
        { prop: 'jwtSvidTtl', seconds: js, capSeconds: JWT_SVID_CAP_SECONDS },
      ], 'longLivedSvidException', props.longLivedSvidException)) p(m);
    } else if (props.longLivedSvidException) {
      for (const m of props.longLivedSvidException.problems('SVIDs')) p(`longLivedSvidException: ${m}`);
    }

    // Federation.
    const federatesWith = [...(props.federatesWith ?? [])];
    for (const td of federatesWith) {
      for (const m of SpiffeId.trustDomainProblems(td)) p(`federatesWith: ${m}`);
      if (td === trustDomain) p(`federatesWith "${td}" is the workload's own trust domain; list only peer trust domains`);
    }
    if (new Set(federatesWith).size !== federatesWith.length) p('federatesWith lists a trust domain twice');

    // JWT audiences.
    this.jwtAudiences = [...(props.jwtAudiences ?? [])];
    if (props.jwtAudiences !== undefined && this.jwtAudiences.length === 0) p('jwtAudiences is empty: name the audiences, or leave jwtAudiences out');
    for (const a of this.jwtAudiences) {
      if (a.length === 0 || /[\s,]/.test(a) || a.length > 256) p(`jwtAudiences entry "${a}" must be 1-256 characters without spaces or commas (e.g. "spiffe://prod.example.com/ns/payments/sa/processor")`);
    }
    if (new Set(this.jwtAudiences).size !== this.jwtAudiences.length) p('jwtAudiences lists an audience twice');

    const name = props.name ?? ObjectNames.stable([this.namespaceName, props.service?.serviceAccountName ?? id], 253);
    if (props.name !== undefined) {
      const np = ObjectNames.dns1123SubdomainProblem(props.name);
      if (np) p(`name "${props.name}" ${np}`);
    }

    const annotations: Record<string, string> = {};
    if (this.jwtAudiences.length > 0) annotations['zero-trust.cdk8s.io/jwt-audiences'] = this.jwtAudiences.join(',');
    if (props.longLivedSvidException) Object.assign(annotations, props.longLivedSvidException.annotations('long-lived-svid'));
    this.clusterSpiffeId = spireWorkload().renderWorkloadRegistration(this, {
      name,
      spiffeIdTemplate: this.spiffeIdTemplate,
      namespace: this.namespaceName,
      podLabels: this.podLabels,
      x509Ttl: goDuration(xs),
      jwtTtl: goDuration(js),
      dnsNameTemplates: [...(props.dnsNameTemplates ?? [])],
      federatesWith,
      annotations,
    });

    this.endpointSocket = `unix://${SPIRE.workloadMountPath}/${agentSocketFileName(istioSpire)}`;
    const workload = props.service?.workload;
    if (workload) this.bindWorkload(workload, istioSpire && profile!.mesh.kind === MeshKind.ISTIO_SIDECAR);
  }

  private bindWorkload(workload: kplus.Workload, istioSidecar: boolean): void {
    const volume = kplus.Volume.fromCsi(this, 'WorkloadApi', SPIRE.csiDriverName, {
      // Istio's injected proxy mounts the volume named `workload-socket` at
      // /run/secrets/workload-spiffe-uds; defining it here makes it the SPIFFE CSI volume.
      name: istioSidecar ? SPIRE.istioWorkloadVolumeName : 'spiffe-workload-api',
      readOnly: true,
    });
    if (istioSidecar) workload.podMetadata.addLabel('spiffe.io/spire-managed-identity', 'true');
    const bound = new Set<kplus.Container>();
    for (const c of workload.containers) {
      c.mount(SPIRE.workloadMountPath, volume, { readOnly: true });
      c.env.addVariable('SPIFFE_ENDPOINT_SOCKET', kplus.EnvValue.fromValue(this.endpointSocket));
      if (this.jwtAudiences.length > 0) c.env.addVariable('SPIFFE_JWT_AUDIENCES', kplus.EnvValue.fromValue(this.jwtAudiences.join(',')));
      bound.add(c);
    }
    if (bound.size === 0) {
      this.problems.push(`workload ${workload.node.path} has no containers yet: create the SpiffeWorkload after adding its containers, so the Workload API can be mounted into them`);
    }
    // Containers added after this construct would not get the socket: report it.
    this.node.addValidation({
      validate: () => workload.containers.filter(c => !bound.has(c))
        .map(c => `container "${c.name}" was added to ${workload.node.path} after the SpiffeWorkload was created and has no SPIFFE Workload API mount: add containers first`),
    });
  }
}

/** Problems with a spire-controller-manager template (path or DNS name). */
function templateProblems(what: string, template: string, isPath: boolean): string[] {
  const out: string[] = [];
  if (template.length === 0) return [`${what} is empty`];
  const opens = (template.match(/\{\{/g) ?? []).length;
  const closes = (template.match(/\}\}/g) ?? []).length;
  if (opens !== closes) return [`${what} "${template}" has unbalanced "{{" / "}}"`];
  for (const m of template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!CONTROLLER_TEMPLATE_ROOTS.some(r => m[1] === r || m[1].startsWith(`${r}.`))) {
      out.push(`${what} "${template}": "{{ ${m[1]} }}" is not a spire-controller-manager template value; use one of ${CONTROLLER_TEMPLATE_ROOTS.join(', ')} (e.g. {{ .PodSpec.ServiceAccountName }})`);
    }
  }
  // Replace template references by a placeholder and check the literal text.
  const literal = template.replace(/\{\{[^}]*\}\}/g, 'x');
  if (isPath) {
    const probe = SpiffeId.of(`spiffe://td/${literal}`);
    for (const m of probe.problems()) out.push(`${what} "${template}": ${m.replace('"spiffe://td/' + literal + '"', 'the path')}`);
  } else if (!/^[A-Za-z0-9*]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(literal)) {
    out.push(`${what} "${template}" is not a DNS name template (letters, digits, "-" and "." around {{ ... }} values)`);
  }
  return out;
}
