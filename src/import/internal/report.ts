// Internal: the import report as text.
import { ImportFindingKind, ImportResult } from '../types';

const TITLES: Array<[ImportFindingKind, string]> = [
  [ImportFindingKind.NOT_LEAST_PRIVILEGE, 'Not reproduced: broader than least privilege'],
  [ImportFindingKind.NO_POLICY, 'Workloads with no policy at all'],
  [ImportFindingKind.IDENTITY_CHANGE, 'Service accounts to change'],
  [ImportFindingKind.NOT_EXPRESSIBLE, 'Not expressible as written'],
  [ImportFindingKind.UNKNOWN, 'Not computable'],
  [ImportFindingKind.BELOW_NOISE_FLOOR, 'Below the noise floor (--min-count)'],
  [ImportFindingKind.IGNORED_FLOW, 'Ignored flows'],
];

export function reportText(r: Omit<ImportResult, 'report'>): string {
  const out: string[] = [];
  out.push(`Import: ${r.services.length} service${r.services.length === 1 ? '' : 's'}, ${r.routes.length} route${r.routes.length === 1 ? '' : 's'}, target ${r.target}.`);
  if (r.policies.length > 0) {
    out.push('', 'Source policies → routes:');
    for (const p of r.policies) {
      out.push(`  ${p.policy}`);
      if (p.routes.length === 0) out.push('    (no route between the imported workloads: it denies, or selects nothing, or only admits peers listed below)');
      for (const x of p.routes) out.push(`    → ${x}`);
    }
  }
  if (r.routes.length > 0) {
    out.push('', 'Routes:');
    for (const x of r.routes) {
      out.push(`  ${x.source} → ${x.destination}:${x.ports.join(',')}${x.http.length ? ` [${x.http.join(', ')}]` : ''}${x.count !== undefined ? ` (seen ${x.count}×)` : ''}`);
    }
  }
  for (const [kind, title] of TITLES) {
    const fs = r.findings.filter(f => f.kind === kind);
    if (fs.length === 0) continue;
    out.push('', `${title}:`);
    for (const f of fs) {
      out.push(`  ${f.subject}: ${f.message}`);
      if (f.suggestion) out.push(`    suggestion: ${f.suggestion}`);
    }
  }
  return out.join('\n') + '\n';
}
