import { SchemaFinding, SchemaValidator } from '../../src/validation';

function describeFinding(f: SchemaFinding): string {
  const id = [f.kind || '(no kind)', f.namespaceName, f.name || '(no name)'].filter(x => x !== undefined).join('/');
  return `  ${id}: ${f.path || '(object)'}: ${f.message} [${f.rule}]`;
}

/**
 * Fails the current jest test when any of `objects` (e.g. `Testing.synth(chart)`)
 * would be rejected by the Kubernetes API server with the upstream CRDs
 * installed, listing every finding.
 */
export function expectValidManifests(objects: any[]): void {
  const findings = SchemaValidator.bundled().validate(objects);
  if (findings.length === 0) return;
  const err = new Error(
    `expected ${objects.length} manifest(s) to be valid against the upstream schemas, `
    + `but found ${findings.length} problem(s):\n${findings.map(describeFinding).join('\n')}`,
  );
  Error.captureStackTrace?.(err, expectValidManifests);
  throw err;
}
