/*
 * The engine backends, loaded on first use (issue 19): an app that renders for
 * one engine does not load the others' renderers nor their generated CRD
 * classes. Constructs call the renderers through these accessors; the
 * `typeof import(...)` types keep every call checked.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

export const networkPolicyNamespace = lazy((): typeof import('../../backends/network-policy/namespace') => require('../../backends/network-policy/namespace'));
export const networkPolicyService = lazy((): typeof import('../../backends/network-policy/service') => require('../../backends/network-policy/service'));
export const networkPolicyRoute = lazy((): typeof import('../../backends/network-policy/route') => require('../../backends/network-policy/route'));

export const clusterNetworkPolicyNamespace = lazy((): typeof import('../../backends/cluster-network-policy/namespace') => require('../../backends/cluster-network-policy/namespace'));

export const ciliumNamespace = lazy((): typeof import('../../backends/cilium/namespace') => require('../../backends/cilium/namespace'));
export const ciliumService = lazy((): typeof import('../../backends/cilium/service') => require('../../backends/cilium/service'));
export const ciliumRoute = lazy((): typeof import('../../backends/cilium/route') => require('../../backends/cilium/route'));

export const istioNamespace = lazy((): typeof import('../../backends/istio/namespace') => require('../../backends/istio/namespace'));
export const istioService = lazy((): typeof import('../../backends/istio/service') => require('../../backends/istio/service'));
export const istioRoute = lazy((): typeof import('../../backends/istio/route') => require('../../backends/istio/route'));

export const linkerdNamespace = lazy((): typeof import('../../backends/linkerd/namespace') => require('../../backends/linkerd/namespace'));
export const linkerdService = lazy((): typeof import('../../backends/linkerd/service') => require('../../backends/linkerd/service'));
export const linkerdRoute = lazy((): typeof import('../../backends/linkerd/route') => require('../../backends/linkerd/route'));

export const esoRender = lazy((): typeof import('../../backends/eso/render') => require('../../backends/eso/render'));
export const spireWorkload = lazy((): typeof import('../../backends/spire/workload') => require('../../backends/spire/workload'));
export const spireServer = lazy((): typeof import('../../backends/spire/server') => require('../../backends/spire/server'));
export const spireAgent = lazy((): typeof import('../../backends/spire/agent') => require('../../backends/spire/agent'));
export const spireNetwork = lazy((): typeof import('../../backends/spire/network') => require('../../backends/spire/network'));
