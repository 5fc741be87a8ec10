import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, YamlOutputType } from 'cdk8s';
import { fastYamlStringify } from './fast-yaml';
import { LinearSynth } from './linear-synth';

/**
 * A cdk8s `App` whose `synth()` is `LinearSynth.synth(app)`: the same files,
 * byte for byte, as cdk8s's `App.synth()`, validated once instead of once per
 * chart (linear in the app size with one chart per namespace) and written by
 * the library's YAML writer (`YamlWriter.FAST`).
 *
 * Use it in place of `App`; nothing else changes. Output layouts other than
 * `YamlOutputType.FILE_PER_CHART` and `FILE_PER_APP`, and
 * `recordConstructMetadata`, are written by cdk8s's own `App.synth()`.
 *
 * @example
 * const app = new ZeroTrustApp();
 * // ... charts and constructs ...
 * app.synth();
 */
export class ZeroTrustApp extends App {
  constructor(props: AppProps = {}) {
    super(props);
  }

  /**
   * Synthesizes all manifests to the output directory: one YAML file per
   * chart (or one for the app with `YamlOutputType.FILE_PER_APP`), the same
   * names and bytes as cdk8s's `App.synth()`. Throws the same
   * "Validation failed" error (its message, without stack frames).
   */
  public synth(): void {
    // `recordConstructMetadata` is private in cdk8s's App: read it as cdk8s does.
    if ((this as any).recordConstructMetadata) {
      super.synth();
      return;
    }
    switch (this.yamlOutputType) {
      case YamlOutputType.FILE_PER_CHART:
        LinearSynth.synth(this);
        return;
      case YamlOutputType.FILE_PER_APP:
        this.synthFilePerApp();
        return;
      default:
        super.synth();
    }
  }

  private synthFilePerApp(): void {
    // As cdk8s: one `app<ext>` file with every chart's objects, none without charts.
    fs.mkdirSync(this.outdir, { recursive: true });
    const objects = LinearSynth.manifests(this);
    if (this.charts.length === 0) return;
    fs.writeFileSync(path.join(this.outdir, `app${this.outputFileExtension}`), fastYamlStringify(objects), { encoding: 'utf8' });
  }

  /**
   * Synthesizes the app into one YAML string (all charts' objects), the same
   * string as cdk8s's `App.synthYaml()`.
   */
  public synthYaml(): string {
    return fastYamlStringify(LinearSynth.manifests(this));
  }
}
