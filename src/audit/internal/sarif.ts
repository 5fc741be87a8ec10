// Internal: SARIF 2.1.0 rendering.
import { Finding } from '../finding';
import { RuleInfo } from '../rule-info';
import { Severity } from '../severity';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifLevel(s: Severity): string {
  switch (s) {
    case Severity.CRITICAL:
    case Severity.HIGH: return 'error';
    case Severity.MEDIUM: return 'warning';
    default: return 'note';
  }
}

export function logicalLocation(f: Finding): string {
  return f.namespace === undefined ? `${f.kind}/${f.name}` : `${f.kind}/${f.namespace}/${f.name}`;
}

export function toSarif(findings: Finding[], rules: RuleInfo[]): any {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-zero-trust',
          informationUri: 'https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/RULES.md',
          rules: rules.map(r => ({
            id: r.id,
            name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c) => (c ? c.toUpperCase() : '')).replace(/^./, c => c.toUpperCase()),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            help: { text: r.fix, markdown: r.fix },
            helpUri: `https://github.com/cdk8s-zero-trust/cdk8s-zero-trust/blob/main/RULES.md#${r.id.toLowerCase()}`,
            defaultConfiguration: { level: sarifLevel(r.severity) },
            properties: { pack: r.pack, severity: r.severity, tags: ['security', 'zero-trust', r.pack] },
          })),
        },
      },
      results: findings.map(f => {
        const location: any = {
          logicalLocations: [{ fullyQualifiedName: logicalLocation(f), name: f.name, kind: 'resource' }],
        };
        if (f.file) location.physicalLocation = { artifactLocation: { uri: f.file.split('\\').join('/') } };
        const result: any = {
          ruleId: f.ruleId,
          level: sarifLevel(f.severity),
          message: { text: `${logicalLocation(f)}: ${f.message} Fix: ${f.fix}` },
          locations: [location],
          properties: { severity: f.severity, pack: f.pack, apiVersion: f.apiVersion },
        };
        const i = index.get(f.ruleId);
        if (i !== undefined) result.ruleIndex = i;
        return result;
      }),
    }],
  };
}
