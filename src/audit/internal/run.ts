// Internal: runs the rules over a manifest set.
import { Finding } from '../finding';
import { AuditOptions, Suppression } from '../options';
import { RuleInfo } from '../rule-info';
import { ALL_RULES, PACKS } from '../rules';
import { hasValidException, todayOf } from './exceptions';
import { ManifestSet, nameOf, namespaceOf } from './manifests';
import { RuleContext, RuleDefinition } from './rule';
import { severityRank } from './severity-rank';
import { learnTrustDomains } from './trust-domain';

export interface AuditRun {
  readonly findings: Finding[];
  readonly rules: RuleInfo[];
  /** Object each finding is about (same index as findings). */
  readonly objects: any[];
}

export function ruleInfo(r: RuleDefinition): RuleInfo {
  return { id: r.id, pack: r.pack, severity: r.severity, title: r.title, explanation: r.explanation, fix: r.fix, exceptionTopic: r.exceptionTopic };
}

function validateOptions(options: AuditOptions): void {
  for (const p of options.packs ?? []) {
    if (!PACKS.includes(p)) throw new Error(`unknown audit pack "${p}" (known packs: ${PACKS.join(', ')})`);
  }
  const ids = new Set(ALL_RULES.map(r => r.id));
  for (const id of options.exclude ?? []) {
    if (!ids.has(id)) throw new Error(`cannot exclude unknown rule "${id}" (known rules: ${[...ids].join(', ')})`);
  }
  for (const s of options.suppressions ?? []) {
    if (!s || !ids.has(s.ruleId)) throw new Error(`cannot suppress unknown rule "${s?.ruleId}" (known rules: ${[...ids].join(', ')})`);
    if (!s.reason || !String(s.reason).trim()) throw new Error(`the suppression of ${s.ruleId}${s.objectName ? ` for ${s.objectName}` : ''} needs a reason`);
  }
}

function suppressed(s: Suppression, f: Finding): boolean {
  if (s.ruleId !== f.ruleId) return false;
  if (!s.objectName) return true;
  const ns = f.namespaceName;
  const names = [f.name, `${ns}/${f.name}`, `${f.kind}/${ns}/${f.name}`, `${f.kind}/${f.name}`];
  return names.includes(s.objectName);
}

export function runAudit(manifests: any[], options: AuditOptions = {}): AuditRun {
  validateOptions(options);
  const set = new ManifestSet(manifests);
  const ctx: RuleContext = {
    set,
    today: todayOf(options.now),
    trustDomainOption: options.trustDomain,
    learnedTrustDomains: learnTrustDomains(set),
  };
  const rules = ALL_RULES.filter(r => (!options.packs || options.packs.includes(r.pack)) && !(options.exclude ?? []).includes(r.id));
  const found: Array<{ f: Finding; obj: any; order: number }> = [];
  const order = new Map<any, number>();
  set.objects.forEach((o, i) => order.set(o, i));
  for (const rule of rules) {
    for (const raw of rule.check(ctx)) {
      const obj = raw.obj ?? {};
      const ns = namespaceOf(obj);
      if (rule.exceptionTopic && hasValidException(obj, set.namespaceObject(ns), rule.exceptionTopic, ctx.today)) continue;
      const loc = set.locationOf(obj);
      const f: Finding = {
        ruleId: rule.id,
        pack: rule.pack,
        severity: rule.severity,
        message: raw.message,
        fix: raw.fix ?? rule.fix,
        apiVersion: String(obj.apiVersion ?? ''),
        kind: String(obj.kind ?? ''),
        name: nameOf(obj),
        namespaceName: ns,
        file: loc?.file,
        startLine: loc?.startLine,
        endLine: loc?.endLine,
      };
      if ((options.suppressions ?? []).some(s => suppressed(s, f))) continue;
      found.push({ f, obj, order: order.get(obj) ?? 0 });
    }
  }
  found.sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity)
    || a.f.ruleId.localeCompare(b.f.ruleId)
    || (a.f.namespaceName ?? '').localeCompare(b.f.namespaceName ?? '')
    || a.f.kind.localeCompare(b.f.kind)
    || a.f.name.localeCompare(b.f.name)
    || a.order - b.order
    || a.f.message.localeCompare(b.f.message));
  return { findings: found.map(x => x.f), objects: found.map(x => x.obj), rules: rules.map(ruleInfo) };
}
