// Intent model: backend-neutral value types.
export * from './model/exception';
export * from './model/port';
export { PortMtlsException } from './model/intents';
export * from './model/peer';
export * from './model/http-match';
export * from './model/traffic-policy';
export { GrpcProbe, HttpProbe } from './model/route-intent';

// Cluster profile: what the cluster runs.
export * from './profile/mesh';
export * from './profile/cluster-profile';
export { Enforcement } from './profile/enforcement';

// Public constructs.
export * from './constructs/zero-trust-namespace';
export * from './constructs/mesh-service';
export * from './constructs/allow-route';

// SPIFFE identities and SPIRE.
export * from './model/spiffe-id';
export * from './constructs/spiffe-workload';
export * from './constructs/spire/spire-server';
export * from './constructs/spire/spire-agent';
export * from './constructs/spire/spire-federation';
export { SpireImages, SpireLogLevel, SpireDatastore, SpirePostgresOptions, SpireKeyManager, SpireAwsKmsOptions, SpireGcpKmsOptions } from './constructs/spire/spire-options';
export * from './model/workload';
export * from './synth/linear-synth';
export * from './synth/zero-trust-app';

// Secrets and short-lived credentials.
export * from './constructs/vault-injected-secret';
export * from './constructs/external-secret-sync';
export * from './constructs/secret-stores';
export * from './constructs/projected-token';
export * from './constructs/no-secrets-in-env';
export * from './model/secret-env-check';
export * from './credentials/credential-detector';

// Strict schema validation of manifests against the upstream schemas.
export * from './validation';

// Pod Security Standards, checked as Pod Security Admission does.
export * from './pod-security';

// Audit, reachability, equivalence and the CLI.
export * from './audit';
export * from './rollout/rollout-plan';
export * from './rollout/cli';

// Adopting a running cluster: existing policies or observed traffic → typed intent; before/after proofs.
export * from './import';

// The whole command line (audit, diff, graph, import, rollout-plan).
export * from './cli';
