// Internal: runs the checks of one level+version over a pod's metadata and spec.
import { PodSecurityLevel } from './level';
import { PodParts } from './pod-spec';
import { checkRegistry } from './registry';
import { PodSecurityViolation } from './violation';

const NONE: PodSecurityViolation[] = [];

/** Violations of `level` at v1.`minor` (upstream Evaluator.EvaluatePod), in upstream's check order. */
export function evaluatePod(parts: PodParts, level: PodSecurityLevel, minor: number): PodSecurityViolation[] {
  if (level === PodSecurityLevel.PRIVILEGED) return NONE;
  let out: PodSecurityViolation[] | undefined;
  for (const c of checkRegistry().checksFor(level, minor)) {
    const f = c.checkPod(parts.metadata, parts.spec);
    if (f) (out ??= []).push({ check: c.id, reason: f.reason, detail: f.detail, fix: c.fix });
  }
  return out ?? NONE;
}
