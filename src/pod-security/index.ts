// Pod Security Standards, checked as the Kubernetes Pod Security Admission controller does.
// Public: the level enum, the options, the violation, the namespace policy and PodSecurity.
export { PodSecurityLevel } from './level';
export * from './options';
export * from './violation';
export * from './namespace-policy';
export { PodSecurity } from './pod-security';
