// Internal: which check functions run at a level and version, in upstream's order.
// Upstream: k8s.io/pod-security-admission policy/registry.go (populate, inflateVersions,
// EvaluatePod): a check version applies from its MinimumVersion until the check's next
// version; restricted runs every baseline check except those a restricted check at that
// version overrides; checks run baseline ids first, then restricted ids, each sorted;
// a version newer than the newest known one is evaluated as the newest.
import { CheckDefinition, CheckPodFn } from './check';
import { ALL_CHECKS } from './checks';
import { byteOrder } from './helpers';
import { PodSecurityLevel } from './level';

/** A check function selected for one level+version. */
export interface ActiveCheck {
  readonly id: string;
  readonly checkPod: CheckPodFn;
  readonly fix: string;
}

class Registry {
  /** Newest minor any check version starts at (upstream `maxVersion`). */
  public readonly maxMinor: number;
  private readonly baseline: ActiveCheck[][] = [];
  private readonly restricted: ActiveCheck[][] = [];
  /** Which restricted check overrides a baseline id, per minor. */
  private readonly overriddenBy: Array<Map<string, string>> = [];

  constructor(checks: readonly CheckDefinition[]) {
    validate(checks);
    this.maxMinor = Math.max(...checks.map(c => c.versions[c.versions.length - 1].minimumMinor));
    const ordered = [
      ...checks.filter(c => c.level === PodSecurityLevel.BASELINE).sort((a, b) => byteOrder(a.id, b.id)),
      ...checks.filter(c => c.level === PodSecurityLevel.RESTRICTED).sort((a, b) => byteOrder(a.id, b.id)),
    ];
    for (let minor = 0; minor <= this.maxMinor; minor++) {
      const overrides = new Map<string, string>();
      for (const c of ordered) {
        if (c.level !== PodSecurityLevel.RESTRICTED) continue;
        for (const o of versionAt(c, minor)?.overrides ?? []) overrides.set(o, c.id);
      }
      const b: ActiveCheck[] = [];
      const r: ActiveCheck[] = [];
      for (const c of ordered) {
        const v = versionAt(c, minor);
        if (!v) continue;
        const active = { id: c.id, checkPod: v.checkPod, fix: c.fix };
        if (c.level === PodSecurityLevel.BASELINE) {
          b.push(active);
          if (!overrides.has(c.id)) r.push(active);
        } else {
          r.push(active);
        }
      }
      this.baseline.push(b);
      this.restricted.push(r);
      this.overriddenBy.push(overrides);
    }
  }

  /** The minor actually evaluated for `minor` (clamped to the newest known). */
  public effectiveMinor(minor: number): number {
    return Math.min(minor, this.maxMinor);
  }

  /** Checks to run, in order. */
  public checksFor(level: PodSecurityLevel, minor: number): readonly ActiveCheck[] {
    const m = this.effectiveMinor(minor);
    if (level === PodSecurityLevel.BASELINE) return this.baseline[m];
    if (level === PodSecurityLevel.RESTRICTED) return this.restricted[m];
    return [];
  }

  /** The restricted check that replaces baseline check `id` at `minor`, if any. */
  public overridingCheck(id: string, minor: number): string | undefined {
    return this.overriddenBy[this.effectiveMinor(minor)].get(id);
  }
}

/** The version of `c` in force at `minor`, if any. */
function versionAt(c: CheckDefinition, minor: number) {
  let found;
  for (const v of c.versions) if (v.minimumMinor <= minor) found = v;
  return found;
}

/** Upstream validateChecks: unique ids, increasing versions, overrides only from restricted onto baseline checks. */
function validate(checks: readonly CheckDefinition[]): void {
  const levels = new Map<string, PodSecurityLevel>();
  for (const c of checks) {
    if (levels.has(c.id)) throw new Error(`multiple checks registered for ID ${c.id}`);
    levels.set(c.id, c.level);
    if (c.versions.length === 0) throw new Error(`check ${c.id}: empty`);
    for (let i = 1; i < c.versions.length; i++) {
      if (c.versions[i].minimumMinor <= c.versions[i - 1].minimumMinor) throw new Error(`check ${c.id}: versions must be strictly increasing`);
    }
  }
  for (const c of checks) {
    for (const v of c.versions) {
      for (const o of v.overrides ?? []) {
        if (c.level !== PodSecurityLevel.RESTRICTED) throw new Error(`check ${c.id}: only restricted checks may set overrides`);
        if (levels.has(o) && levels.get(o) !== PodSecurityLevel.BASELINE) throw new Error(`check ${c.id}: overrides non-baseline check ${o}`);
      }
    }
  }
}

let registry: Registry | undefined;

/** The registry of every check (built once). */
export function checkRegistry(): Registry {
  return (registry ??= new Registry(ALL_CHECKS));
}
