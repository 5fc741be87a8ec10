import * as path from 'path';
import { AuditCli } from '../../src/audit';

const SEEDS = path.join(__dirname, 'fixtures', 'seeds');

function runJson(args: string[]): { code: number; json: any; err: string } {
  let out = '';
  let err = '';
  const code = AuditCli.run(['audit', '--format', 'json', ...args], { stdout: t => { out += t; }, stderr: t => { err += t; }, readStdin: () => '' });
  return { code, json: out ? JSON.parse(out) : undefined, err };
}

function found(json: any): string[] {
  return json.findings.map((f: any) => `${f.ruleId} ${f.kind}/${f.namespaceName ?? ''}/${f.name}`);
}

describe('the seed documents audited as written', () => {
  test('seed 003: portLevelMtls DISABLE without justification (and ignored without a selector)', () => {
    const { code, json } = runJson([path.join(SEEDS, '003-istio-mtls.yaml')]);
    expect(code).toBe(1);
    expect(found(json)).toEqual([
      'ZT-MTLS-002 PeerAuthentication/production/default',
      'ZT-HYG-003 PeerAuthentication/production/default',
    ]);
  });

  test('seed 000 secrets: literal password, secret in env, default SA, ESO v1beta1', () => {
    const { json } = runJson([path.join(SEEDS, '000-secrets.yaml')]);
    expect(found(json)).toEqual(expect.arrayContaining([
      'ZT-SEC-002 Pod/payments/seed-env-literal',
      'ZT-SEC-001 Pod/payments/seed-env-secret-ref',
      'ZT-SEC-003 ExternalSecret/payments/db-secret',
      'ZT-ID-001 Pod/payments/seed-env-literal',
      'ZT-ID-003 Pod/payments/seed-env-literal',
      'ZT-NET-001 Pod/payments/seed-env-literal',
    ]));
  });

  test('seed 000 SPIRE server: default ServiceAccount, mounted token, no default deny in spire', () => {
    const { json } = runJson([path.join(SEEDS, '000-spire-server.yaml')]);
    expect(found(json)).toEqual([
      'ZT-NET-001 StatefulSet/spire/spire-server',
      'ZT-ID-001 StatefulSet/spire/spire-server',
      'ZT-ID-003 StatefulSet/spire/spire-server',
    ]);
  });

  test('seed 000 Istio policies use cluster.local while the seed\'s trust domain is prod.example.com', () => {
    const { json } = runJson(['--trust-domain', 'prod.example.com', path.join(SEEDS, '000-istio.yaml')]);
    expect(found(json)).toEqual(['ZT-ID-004 AuthorizationPolicy/payments/allow-checkout-to-processor']);
    expect(json.findings[0].fix).toBe('Use "prod.example.com/ns/payments/sa/checkout-service".');
  });

  test('all seed snippets together', () => {
    const { code, json } = runJson([SEEDS]);
    expect(code).toBe(1);
    const ids = found(json);
    expect(ids).toEqual(expect.arrayContaining([
      'ZT-MTLS-002 PeerAuthentication/production/default',
      'ZT-SEC-002 Pod/payments/seed-env-literal',
      'ZT-SEC-003 ExternalSecret/payments/db-secret',
      // the Linkerd identity names a checkout-service ServiceAccount that no manifest defines or runs as
      'ZT-ID-006 MeshTLSAuthentication/payments/checkout-service-authn',
    ]));
    // The seed's own NetworkPolicy set gives `payments` default deny and DNS egress.
    expect(ids.filter(i => i.startsWith('ZT-NET-001'))).toEqual(['ZT-NET-001 StatefulSet/spire/spire-server']);
    expect(ids.some(i => i.startsWith('ZT-NET-004'))).toBe(false);
    expect(json.findings.find((f: any) => f.ruleId === 'ZT-MTLS-002').file).toBe(path.join(SEEDS, '003-istio-mtls.yaml'));
  });
});
