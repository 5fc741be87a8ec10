// Internal: which API versions the bundled upstream CRDs (schemas/, see schemas/UPSTREAM.md) serve.
import type { SchemaRegistry } from '../../validation/schema-registry';

let registry: SchemaRegistry | undefined;

/**
 * The versions the bundled CRD of `group`/`kind` serves (`served: true`), or undefined
 * when no CRD for that kind is bundled (then nothing can be said about its versions).
 * The registry (and the YAML parser it needs) is loaded on first use: the CLI starts faster.
 */
export function servedVersions(group: string, kind: string): string[] | undefined {
  if (!registry) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SchemaRegistry: Registry } = require('../../validation/schema-registry') as typeof import('../../validation/schema-registry');
    registry = new Registry(Registry.locate(__dirname));
  }
  return registry.servedVersions(group, kind);
}
