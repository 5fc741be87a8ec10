// Internal: which API versions the bundled upstream CRDs (schemas/, see schemas/UPSTREAM.md) serve.
import { SchemaRegistry } from '../../validation/schema-registry';

let registry: SchemaRegistry | undefined;

/**
 * The versions the bundled CRD of `group`/`kind` serves (`served: true`), or undefined
 * when no CRD for that kind is bundled (then nothing can be said about its versions).
 */
export function servedVersions(group: string, kind: string): string[] | undefined {
  registry ??= new SchemaRegistry(SchemaRegistry.locate(__dirname));
  return registry.servedVersions(group, kind);
}
