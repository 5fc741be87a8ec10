// The generated kinds of 'k8s' with a plain-JSON toJson() (see src/synth/plain-json.ts);
// and the generated values and types the renderers use. Backends import this module instead of the generated one.
import * as gen from 'cdk8s-plus-28/lib/imports/k8s';
import { plainKind } from '../../../synth/plain-json';
// Named re-exports, not `export *`: the generated module has about 1,500 exports, and `export *`
// defines a getter for each of them when this module loads (about 2 ms of every app's start).
export { IntOrString, Quantity, KubeCsiDriver, KubeDaemonSet, KubeStatefulSet, KubeValidatingWebhookConfiguration } from 'cdk8s-plus-28/lib/imports/k8s';
export type {
  ContainerPort, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort, ObjectMeta,
  PodSecurityContext, Probe, ResourceRequirements, SecurityContext, ServicePort, Subject, ValidatingWebhook, Volume, VolumeMount,
} from 'cdk8s-plus-28/lib/imports/k8s';

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
