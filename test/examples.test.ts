import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { examples } from '../examples/registry';
import { expectValidManifests } from './util/expect-valid';
import './util/synth';

describe('examples', () => {
  const all = examples();

  test('there is an example for every mesh choice', () => {
    const names = all.map(e => e.name);
    expect(names).toEqual(expect.arrayContaining([
      'namespace-istio-sidecar', 'namespace-istio-ambient', 'namespace-linkerd', 'namespace-cilium', 'namespace-networkpolicy',
    ]));
  });

  for (const ex of all) {
    test(`${ex.name} synthesizes valid manifests`, () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-example-'));
      try {
        const app = new App({ outdir });
        ex.build(app);
        app.synth(); // runs every construct validation
        const objects = app.charts.flatMap(c => c.toJson());
        expect(objects.length).toBeGreaterThan(0);
        expectValidManifests(objects);
        // Review aid: the YAML the README shows. Behaviour is asserted in the construct tests.
        expect(Yaml.stringify(...objects)).toMatchSnapshot();
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  }
});
