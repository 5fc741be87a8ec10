// Zero-trust audit: rules over plain manifests, reachability, equivalence and test plans.
// Depends only on plain manifest objects (and cdk8s to read charts): never on src/model,
// src/profile, src/backends or imports/.
export * from './severity';
export * from './finding';
export * from './options';
export * from './rule-info';
export * from './report';
export * from './audit';
export * from './diff';
export * from './validation-plugin';
export * from './rules-doc';
export * from './cli';
export * from './reachability/types';
export * from './reachability/reachability';
export * from './reachability/graph';
export * from './reachability/equivalence';
export * from './reachability/test-plan';
