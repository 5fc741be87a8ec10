// The generated kinds of 'k8s' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from 'cdk8s-plus-28/lib/imports/k8s';
import { plainKind } from '../../../synth/plain-json';
export * from 'cdk8s-plus-28/lib/imports/k8s';

export const KubeNetworkPolicy = plainKind<gen.KubeNetworkPolicyProps>(
  gen.KubeNetworkPolicy, gen.toJson_KubeNetworkPolicyProps, gen,
);
export type KubeNetworkPolicy = gen.KubeNetworkPolicy;

export const KubeServiceAccount = plainKind<gen.KubeServiceAccountProps>(
  gen.KubeServiceAccount, gen.toJson_KubeServiceAccountProps, gen,
);
export type KubeServiceAccount = gen.KubeServiceAccount;

export const KubeService = plainKind<gen.KubeServiceProps>(
  gen.KubeService, gen.toJson_KubeServiceProps, gen,
);
export type KubeService = gen.KubeService;

export const KubeNamespace = plainKind<gen.KubeNamespaceProps>(
  gen.KubeNamespace, gen.toJson_KubeNamespaceProps, gen,
);
export type KubeNamespace = gen.KubeNamespace;

export const KubeConfigMap = plainKind<gen.KubeConfigMapProps>(
  gen.KubeConfigMap, gen.toJson_KubeConfigMapProps, gen,
);
export type KubeConfigMap = gen.KubeConfigMap;

export const KubeRole = plainKind<gen.KubeRoleProps>(
  gen.KubeRole, gen.toJson_KubeRoleProps, gen,
);
export type KubeRole = gen.KubeRole;

export const KubeRoleBinding = plainKind<gen.KubeRoleBindingProps>(
  gen.KubeRoleBinding, gen.toJson_KubeRoleBindingProps, gen,
);
export type KubeRoleBinding = gen.KubeRoleBinding;

export const KubeClusterRole = plainKind<gen.KubeClusterRoleProps>(
  gen.KubeClusterRole, gen.toJson_KubeClusterRoleProps, gen,
);
export type KubeClusterRole = gen.KubeClusterRole;

export const KubeClusterRoleBinding = plainKind<gen.KubeClusterRoleBindingProps>(
  gen.KubeClusterRoleBinding, gen.toJson_KubeClusterRoleBindingProps, gen,
);
export type KubeClusterRoleBinding = gen.KubeClusterRoleBinding;
