import { Construct } from 'constructs';
import { SpireServer } from './spire-server';
import { ClusterFederatedTrustDomain, ClusterFederatedTrustDomainSpecBundleEndpointProfileType } from '../../../imports/spire';
import { ObjectNames } from '../../model/names';
import { SpiffeId } from '../../model/spiffe-id';
import { Formats } from '../../validation/formats';
import { spireNetwork } from '../internal/backends';

/** How the peer's bundle endpoint is authenticated. */
export class SpireBundleEndpointProfile {
  /**
   * `https_spiffe`: the endpoint presents an X.509-SVID of the peer trust
   * domain (SPIRE's own bundle endpoint). Needs the peer's initial bundle
   * (`trustDomainBundle`) to bootstrap trust.
   *
   * @param endpointSpiffeId the SPIFFE ID of the peer's bundle endpoint server, e.g. `spiffe://peer.example.com/spire/server`
   */
  public static httpsSpiffe(endpointSpiffeId: SpiffeId): SpireBundleEndpointProfile {
    return new SpireBundleEndpointProfile(ClusterFederatedTrustDomainSpecBundleEndpointProfileType.HTTPS_UNDERSCORE_SPIFFE, endpointSpiffeId);
  }

  /** `https_web`: the endpoint presents a Web PKI certificate (public CA). */
  public static httpsWeb(): SpireBundleEndpointProfile {
    return new SpireBundleEndpointProfile(ClusterFederatedTrustDomainSpecBundleEndpointProfileType.HTTPS_UNDERSCORE_WEB);
  }

  /** The SPIFFE ID of the endpoint (https_spiffe only). */
  public readonly endpointSpiffeId?: SpiffeId;
  /** @internal */
  public readonly _type: ClusterFederatedTrustDomainSpecBundleEndpointProfileType;

  private constructor(type: ClusterFederatedTrustDomainSpecBundleEndpointProfileType, endpointSpiffeId?: SpiffeId) {
    this._type = type;
    this.endpointSpiffeId = endpointSpiffeId;
  }

  /** Whether this is `https_spiffe`. */
  public get isHttpsSpiffe(): boolean {
    return this._type === ClusterFederatedTrustDomainSpecBundleEndpointProfileType.HTTPS_UNDERSCORE_SPIFFE;
  }
}

/** Properties of a `SpireFederation`. */
export interface SpireFederationProps {
  /** The local SPIRE server whose controller manager reconciles the federation. */
  readonly server: SpireServer;
  /** The peer trust domain, e.g. `partner.example.com`. */
  readonly trustDomain: string;
  /** The peer's bundle endpoint, an https URL without user info, e.g. `https://spire.partner.example.com:8443`. */
  readonly bundleEndpointUrl: string;
  /** How the bundle endpoint authenticates. */
  readonly bundleEndpointProfile: SpireBundleEndpointProfile;
  /**
   * The peer's current trust bundle (SPIFFE bundle JSON, `spire-server bundle
   * show -format spiffe`). Required for `https_spiffe`, where it bootstraps trust
   * in the endpoint; refreshed from the endpoint afterwards.
   * @default - none (only allowed with `https_web`)
   */
  readonly trustDomainBundle?: string;
  /**
   * Address ranges of the peer's bundle endpoint, for the SPIRE server's
   * egress policy (its namespace is default deny). Required when the profile
   * renders Kubernetes NetworkPolicy, which cannot name hosts; Cilium allows
   * the URL's host name with `toFQDNs` and adds these ranges when given.
   * @default - none (required with Kubernetes NetworkPolicy)
   */
  readonly bundleEndpointCidrs?: string[];
}

/**
 * Federation with a peer trust domain: a `ClusterFederatedTrustDomain`
 * (spire-controller-manager) that makes the local SPIRE server fetch and
 * keep the peer's bundle, and the SPIRE server's egress policy to the peer's
 * bundle endpoint (its namespace is default deny). Workloads accept peer
 * identities only when their `SpiffeWorkload` lists the peer in `federatesWith`.
 */
export class SpireFederation extends Construct {
  /** The peer trust domain. */
  public readonly trustDomain: string;

  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: SpireFederationProps) {
    super(scope, id);
    this.trustDomain = props.trustDomain ?? '';
    const p = (m: string) => this.problems.push(m);
    for (const m of SpiffeId.trustDomainProblems(this.trustDomain)) p(`trustDomain: ${m}`);
    if (this.trustDomain === props.server.trustDomain) p(`trustDomain "${this.trustDomain}" is the local trust domain: federation is with a different trust domain`);
    const url = props.bundleEndpointUrl ?? '';
    if (!/^https:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/.test(url)) {
      p(`bundleEndpointUrl "${url}" must be an https URL without user info, query or fragment (e.g. "https://spire.partner.example.com:8443")`);
    }
    const profile = props.bundleEndpointProfile;
    if (profile.isHttpsSpiffe) {
      const sid = profile.endpointSpiffeId!;
      for (const m of sid.problems()) p(`bundleEndpointProfile: ${m}`);
      if (sid.isValid && sid.trustDomain !== this.trustDomain) {
        p(`bundleEndpointProfile: endpoint SPIFFE ID ${sid.uri} is not in the peer trust domain "${this.trustDomain}"`);
      }
      if (!props.trustDomainBundle) {
        p('trustDomainBundle is required with the https_spiffe profile: the local server cannot authenticate the peer endpoint without the peer\'s initial bundle (spire-server bundle show -format spiffe on the peer)');
      }
    }
    if (props.trustDomainBundle !== undefined) {
      try {
        const b = JSON.parse(props.trustDomainBundle);
        if (!b || !Array.isArray(b.keys)) throw new Error('no keys');
      } catch {
        p('trustDomainBundle is not a SPIFFE bundle (a JWKS JSON document with "keys"): export it with spire-server bundle show -format spiffe');
      }
    }
    const cidrs = props.bundleEndpointCidrs ?? [];
    for (const c of cidrs) {
      const cp = Formats.cidrProblem(c);
      if (cp) p(`bundleEndpointCidrs entry "${c}" ${cp}`);
    }
    if (props.server.profile.usesKubernetesNetworkPolicy && cidrs.length === 0) {
      p(`bundleEndpointCidrs is required with Kubernetes NetworkPolicy: the SPIRE server namespace "${props.server.namespaceName}" is default deny and a NetworkPolicy cannot allow the host of ${url}; set bundleEndpointCidrs to the peer endpoint's addresses (e.g. ["203.0.113.10/32"]), or render Cilium policies only (toFQDNs)`);
    }
    this.node.addValidation({ validate: () => [...this.problems] });

    const endpoint = hostAndPort(url);
    if (endpoint) {
      spireNetwork().renderSpireFederationEgress(this, props.server.profile, {
        namespace: props.server.namespaceName,
        podLabels: props.server._podLabels,
        name: ObjectNames.stable(['spire-federation', this.trustDomain.replace(/[._]/g, '-'), 'egress'], 253),
        id: '',
        host: endpoint.host,
        port: endpoint.port,
        cidrs,
      });
    }

    new ClusterFederatedTrustDomain(this, 'Resource', {
      metadata: { name: ObjectNames.stable([this.trustDomain.replace(/[._]/g, '-')], 253), labels: { 'app.kubernetes.io/part-of': 'spire' } },
      spec: {
        trustDomain: this.trustDomain,
        bundleEndpointUrl: url,
        bundleEndpointProfile: { type: profile._type, endpointSpiffeid: profile.endpointSpiffeId?.uri },
        trustDomainBundle: props.trustDomainBundle,
      },
    });
  }
}

/** Host and port of an https URL (port 443 when absent); undefined when it does not parse. */
function hostAndPort(url: string): { host: string; port: number } | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.hostname === '') return undefined;
    return { host: u.hostname, port: u.port === '' ? 443 : Number(u.port) };
  } catch {
    return undefined;
  }
}
