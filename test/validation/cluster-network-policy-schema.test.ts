// The ClusterNetworkPolicy schema in schemas/network-policy-api/ is a hand transcription of the upstream Go types'
// kubebuilder markers (the upstream CRD is not bundled: see schemas/UPSTREAM.md). These tests check (1) that the
// transcription rejects what the upstream markers reject, and (2) when the upstream CRD is at hand (NETPOL_API_CRDS
// = a directory holding policy.networking.k8s.io_clusternetworkpolicies.yaml, or a fetched mirror of
// kubernetes-sigs/network-policy-api under /work/.mirror), that the transcription equals it and that every object
// the library renders is valid against it.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parse as parseYaml } from 'yaml';
import { examples } from '../../examples/registry';
import { ClusterProfile, NetworkPolicyEngine, ZeroTrustNamespace } from '../../src';
import { SchemaValidator } from '../../src/validation';

const OURS = path.join(__dirname, '..', '..', 'schemas', 'network-policy-api', 'clusternetworkpolicies.yaml');
const CRD_FILE = 'policy.networking.k8s.io_clusternetworkpolicies.yaml';

const cnp = (spec: any, apiVersion = 'policy.networking.k8s.io/v1alpha2') => ({
  apiVersion,
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'p' },
  spec: { tier: 'Baseline', priority: 10, subject: { namespaces: {} }, ...spec },
});

function problems(obj: any): string[] {
  return SchemaValidator.bundled().validate([obj]).map(f => `${f.path}: ${f.message}`);
}

// Each row: an object the upstream API server rejects (marker cited), or accepts.
describe('transcribed ClusterNetworkPolicy schema (apis/v1beta1/clusternetworkpolicy_types.go markers)', () => {
  test.each<[string, any, boolean]>([
    ['the library\'s baseline shape', cnp({ ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }], egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] }), true],
    ['v1beta1 is served with the same schema', cnp({ egress: [{ action: 'Accept', to: [{ networks: ['10.0.0.0/8'] }] }] }, 'policy.networking.k8s.io/v1beta1'), true],
    ['Tier enum {Admin, Baseline}', cnp({ tier: 'Developer' }), false],
    ['Priority Maximum=1000', cnp({ priority: 1001 }), false],
    ['Priority Minimum=0', cnp({ priority: -1 }), false],
    ['spec requires subject', { ...cnp({}), spec: { tier: 'Admin', priority: 1 } }, false],
    ['Subject MaxProperties=1', cnp({ subject: { namespaces: {}, pods: { podSelector: {} } } }), false],
    ['Subject MinProperties=1', cnp({ subject: {} }), false],
    ['NamespacedPod podSelector +required', cnp({ subject: { pods: { namespaceSelector: {} } } }), false],
    ['action enum {Accept, Deny, Pass} (v1alpha1 "Allow" is gone)', cnp({ ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] }), false],
    ['rule From MinItems=1', cnp({ ingress: [{ action: 'Deny', from: [] }] }), false],
    ['rule name MaxLength=100', cnp({ ingress: [{ name: 'x'.repeat(101), action: 'Deny', from: [{ namespaces: {} }] }] }), false],
    ['Ingress MaxItems=25', cnp({ ingress: Array.from({ length: 26 }, () => ({ action: 'Deny', from: [{ namespaces: {} }] })) }), false],
    ['ingress peers are namespaces/pods only (no networks)', cnp({ ingress: [{ action: 'Deny', from: [{ networks: ['0.0.0.0/0'] }] }] }), false],
    ['egress peer MaxProperties=1', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {}, networks: ['10.0.0.0/8'] }] }] }), false],
    ['CIDR must be canonical (masked)', cnp({ egress: [{ action: 'Deny', to: [{ networks: ['10.1.2.3/8'] }] }] }), false],
    ['CIDR must parse', cnp({ egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/33'] }] }] }), false],
    ['CIDR MaxLength=43', cnp({ egress: [{ action: 'Deny', to: [{ networks: [`2001:db8:${'0:'.repeat(20)}/64`] }] }] }), false],
    ['Protocol MaxProperties=1', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 80 } }, udp: { destinationPort: { number: 53 } } }] }] }), false],
    ['ProtocolTCP MinProperties=1', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: {} }] }] }), false],
    ['Port number Maximum=65535', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 65536 } } }] }] }), false],
    ['PortRange "Start port must be less than End port"', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { range: { start: 90, end: 80 } } } }] }] }), false],
    ['PortRange accepted', cnp({ egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { range: { start: 80, end: 90 } } } }] }] }), true],
  ])('%s', (_name, obj, valid) => {
    const p = problems(obj);
    if (valid) expect(p).toEqual([]);
    else expect(p.length).toBeGreaterThan(0);
  });
});

/** The upstream standard-channel CRD text and where it came from, or undefined with the reason. */
function upstreamCrd(): { text: string; from: string } | { skip: string } {
  const env = process.env.NETPOL_API_CRDS;
  if (env) {
    const candidates = [path.join(env, CRD_FILE), path.join(env, 'standard', CRD_FILE), path.join(env, 'config', 'crd', 'standard', CRD_FILE)];
    const found = candidates.find(f => fs.existsSync(f));
    if (found) return { text: fs.readFileSync(found, 'utf8'), from: found };
    return { skip: `NETPOL_API_CRDS=${env} holds no ${CRD_FILE}` };
  }
  const mirrors = fs.existsSync('/work/.mirror') ? fs.readdirSync('/work/.mirror').filter(d => d.startsWith('kubernetes-sigs+network-policy-api')) : [];
  for (const m of mirrors) {
    for (const gitDir of [path.join('/work/.mirror', m, 'repo'), path.join('/work/.mirror', m)]) {
      try {
        const text = execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:config/crd/standard/${CRD_FILE}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        return { text, from: `${gitDir} HEAD:config/crd/standard/${CRD_FILE}` };
      } catch {
        // not a git dir or no such file: try the next
      }
    }
  }
  return { skip: 'no upstream CRD: set NETPOL_API_CRDS to a directory holding it (kubernetes-sigs/network-policy-api config/crd/standard) or fetch the repository' };
}

function strip(node: any): any {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const k of Object.keys(node).sort()) if (!(k === 'description' && typeof node[k] === 'string')) out[k] = strip(node[k]);
  return out;
}

/** Paths where two schemas differ (`a` ours, `b` upstream). */
function diff(a: any, b: any, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return [`${at || '/'}: ours ${JSON.stringify(a)} upstream ${JSON.stringify(b)}`];
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap(k => (k in a && k in b ? diff(a[k], b[k], `${at}/${k}`) : [`${at}/${k}: ${k in a ? 'only ours' : 'only upstream'}`]));
}

/**
 * Differences that are upstream changes after an older bundle, each from its release notes
 * (https://github.com/kubernetes-sigs/network-policy-api/releases/tag/v0.2.1): the transcription follows v0.3.x.
 */
function knownForBundle(bundle: string, d: string): boolean {
  const before021 = /^v0\.(1\.|2\.0)/.test(bundle);
  if (!before021) return false;
  // v0.2.1: "CIDR fields must now be in canonical (masked) form"
  if (/\/networks\/items\/x-kubernetes-validations/.test(d)) return true;
  // v0.2.1: "NamedPort is experimental again - ... no longer present in the standard channel CRDs"
  if (/\/protocols\/items\/properties\/destinationNamedPort: only upstream/.test(d)) return true;
  return false;
}

describe('transcription against the upstream CRD', () => {
  const up = upstreamCrd();

  test('equals the upstream standard-channel schema of every version both serve', () => {
    if ('skip' in up) {
      console.log(`skipped: ${up.skip}`);
      return;
    }
    const theirs = parseYaml(up.text);
    const ours = parseYaml(fs.readFileSync(OURS, 'utf8'), { maxAliasCount: -1 });
    const bundle = String(theirs.metadata?.annotations?.['policy.networking.k8s.io/bundle-version'] ?? '');
    expect(theirs.metadata?.annotations?.['policy.networking.k8s.io/channel']).toBe('standard');
    expect(ours.spec.group).toBe(theirs.spec.group);
    expect(ours.spec.scope).toBe(theirs.spec.scope);
    expect(ours.spec.names.kind).toBe(theirs.spec.names.kind);
    expect(ours.spec.names.plural).toBe(theirs.spec.names.plural);
    const compared: string[] = [];
    for (const v of theirs.spec.versions) {
      const mine = ours.spec.versions.find((x: any) => x.name === v.name);
      expect(mine).toBeDefined();
      expect(mine.served).toBe(v.served);
      const d = diff(strip(mine.schema.openAPIV3Schema), strip(v.schema.openAPIV3Schema)).filter(x => !knownForBundle(bundle, x));
      expect({ version: v.name, from: up.from, bundle, differences: d }).toEqual({ version: v.name, from: up.from, bundle, differences: [] });
      compared.push(v.name);
    }
    expect(compared).toContain('v1alpha2');
  });

  test('every ClusterNetworkPolicy the library renders is valid against the upstream CRD', () => {
    if ('skip' in up) {
      console.log(`skipped: ${up.skip}`);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cnp-upstream-'));
    try {
      fs.symlinkSync(path.join(__dirname, '..', '..', 'schemas', 'kubernetes'), path.join(dir, 'kubernetes'));
      fs.writeFileSync(path.join(dir, CRD_FILE), up.text);
      const validator = new SchemaValidator({ schemaDir: dir });
      const rendered: any[] = [];
      for (const ex of examples()) {
        const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-cnp-ex-')) });
        ex.build(app);
        rendered.push(...app.charts.flatMap(c => c.toJson()).filter((o: any) => o.kind === 'ClusterNetworkPolicy'));
        fs.rmSync(app.outdir, { recursive: true, force: true });
      }
      const app = new App();
      const chart = new Chart(app, 'c');
      const profile = new ClusterProfile({
        networkPolicy: [NetworkPolicyEngine.KUBERNETES],
        clusterNetworkPolicy: { adminPriority: 0, baselinePriority: 1000 },
        dns: { nodeLocalDnsCache: true, nodeLocalAddress: '169.254.20.10' },
      });
      new ZeroTrustNamespace(chart, 'ns', { name: 'shop', profile });
      rendered.push(...chart.toJson().filter((o: any) => o.kind === 'ClusterNetworkPolicy'));
      expect(rendered.length).toBeGreaterThanOrEqual(2);
      expect(validator.validate(rendered).map(f => `${f.name}: ${f.path}: ${f.message}`)).toEqual([]);
      expect(validator.unsupportedCelRules()).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
