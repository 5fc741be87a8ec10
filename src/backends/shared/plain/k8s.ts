// The generated kinds of 'k8s' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// everything else is re-exported unchanged. Backends import this module instead of the generated one.
import * as gen from 'cdk8s-plus-28/lib/imports/k8s';
import { plainKind } from '../../../synth/plain-json';
export * from 'cdk8s-plus-28/lib/imports/k8s';

export const KubeNetworkPolicy = plainKind(gen, 'KubeNetworkPolicy');
export type KubeNetworkPolicy = gen.KubeNetworkPolicy;

export const KubeServiceAccount = plainKind(gen, 'KubeServiceAccount');
export type KubeServiceAccount = gen.KubeServiceAccount;

export const KubeService = plainKind(gen, 'KubeService');
export type KubeService = gen.KubeService;

export const KubeNamespace = plainKind(gen, 'KubeNamespace');
export type KubeNamespace = gen.KubeNamespace;

export const KubeConfigMap = plainKind(gen, 'KubeConfigMap');
export type KubeConfigMap = gen.KubeConfigMap;

export const KubeRole = plainKind(gen, 'KubeRole');
export type KubeRole = gen.KubeRole;

export const KubeRoleBinding = plainKind(gen, 'KubeRoleBinding');
export type KubeRoleBinding = gen.KubeRoleBinding;

export const KubeClusterRole = plainKind(gen, 'KubeClusterRole');
export type KubeClusterRole = gen.KubeClusterRole;

export const KubeClusterRoleBinding = plainKind(gen, 'KubeClusterRoleBinding');
export type KubeClusterRoleBinding = gen.KubeClusterRoleBinding;
