import { parse } from 'yaml';
import { scanCrdVersions, SchemaRegistry } from '../../src/validation/schema-registry';

const registry = new SchemaRegistry(SchemaRegistry.locate(__dirname));

test('the line scanner reads spec.versions[].name/served exactly as a full YAML parse of every bundled CRD', () => {
  const docs = registry.crdDocuments();
  expect(docs.length).toBeGreaterThan(20);
  for (const d of docs) {
    const full = parse(d.text, { maxAliasCount: -1 });
    const expected = (full.spec.versions as any[]).map(v => ({ name: String(v.name), served: v.served === true }));
    expect({ kind: `${d.group}/${d.kind}`, versions: scanCrdVersions(d.text) }).toEqual({ kind: `${d.group}/${d.kind}`, versions: expected });
  }
});

test('servedVersions: from the bundled CRDs (schemas/UPSTREAM.md), undefined for kinds not bundled', () => {
  // External Secrets v2.9.0: v1 served, v1beta1 served: false; PushSecret only v1alpha1
  expect(registry.servedVersions('external-secrets.io', 'ExternalSecret')).toEqual(['v1']);
  expect(registry.servedVersions('external-secrets.io', 'PushSecret')).toEqual(['v1alpha1']);
  expect(registry.servedVersions('external-secrets.io', 'ClusterPushSecret')).toEqual(['v1alpha1']);
  expect(registry.servedVersions('external-secrets.io', 'ClusterExternalSecret')).toEqual(['v1']);
  expect(registry.servedVersions('external-secrets.io', 'Nope')).toBeUndefined();
});
