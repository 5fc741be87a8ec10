// Internal: namespace labels -> policy.
// Upstream: k8s.io/pod-security-admission api/helpers.go (PolicyToEvaluate, ParseLevel, ParseVersion)
// and api/constants.go (label names); admission/api/v1/defaults.go (privileged:latest defaults).
import { compareLevels, isLevel, PodSecurityLevel } from './level';
import { PodSecurityDefaultsOptions, PodSecurityLevelVersion, PodSecurityNamespacePolicy } from './namespace-policy';
import { parseMinor, VERSION_LATEST } from './version';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const PRIVILEGED_LATEST: PodSecurityLevelVersion = { level: PodSecurityLevel.PRIVILEGED, version: VERSION_LATEST };
const LEVELS_TEXT = 'must be one of privileged, baseline, restricted';
const VERSION_TEXT = 'must be "latest" or "v1.x"';

function invalid(label: string, value: string, why: string): string {
  return `metadata.labels[${LABEL_PREFIX}${label}]: Invalid value: ${JSON.stringify(value)}: ${why}`;
}

/** The policy of a namespace with these labels. */
export function policyFromLabels(labels: Record<string, unknown> | undefined, defaults: PodSecurityDefaultsOptions = {}): PodSecurityNamespacePolicy {
  let enforce = { ...(defaults.enforce ?? PRIVILEGED_LATEST) };
  let audit = { ...(defaults.audit ?? PRIVILEGED_LATEST) };
  let warn = { ...(defaults.warn ?? PRIVILEGED_LATEST) };
  const errors: string[] = [];
  let labelled = false;
  const get = (k: string): string | undefined => {
    if (!labels || !Object.prototype.hasOwnProperty.call(labels, LABEL_PREFIX + k)) return undefined;
    const v = labels[LABEL_PREFIX + k];
    return typeof v === 'string' ? v : String(v);
  };
  const version = (label: string, value: string): string => {
    if (parseMinor(value) !== undefined) return value;
    errors.push(invalid(label, value, VERSION_TEXT));
    return VERSION_LATEST;
  };
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  const el = get('enforce');
  if (el !== undefined) {
    labelled = true;
    if (isLevel(el)) {
      enforce.level = el;
      hasEnforceLevel = true;
    } else {
      enforce.level = PodSecurityLevel.RESTRICTED; // upstream ParseLevel returns restricted on error: enforce fails closed
      errors.push(invalid('enforce', el, LEVELS_TEXT));
    }
  }
  const ev = get('enforce-version');
  if (ev !== undefined) enforce.version = version('enforce-version', ev);
  const al = get('audit');
  if (al !== undefined) {
    labelled = true;
    if (isLevel(al)) {
      audit.level = al;
    } else {
      audit.level = PodSecurityLevel.PRIVILEGED; // fail open for audit
      errors.push(invalid('audit', al, LEVELS_TEXT));
    }
  }
  const av = get('audit-version');
  if (av !== undefined) audit.version = version('audit-version', av);
  const wl = get('warn');
  if (wl !== undefined) {
    labelled = true;
    hasWarnLevel = true;
    if (isLevel(wl)) {
      warn.level = wl;
    } else {
      warn.level = PodSecurityLevel.PRIVILEGED; // fail open for warn
      errors.push(invalid('warn', wl, LEVELS_TEXT));
    }
  }
  const wv = get('warn-version');
  if (wv !== undefined) {
    hasWarnVersion = true;
    warn.version = version('warn-version', wv);
  }
  // Upstream: a valid enforce level stricter than the warn level also warns, unless warn is set explicitly.
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(enforce.level, warn.level) > 0) {
    warn.level = enforce.level;
    if (!hasWarnVersion) warn.version = enforce.version;
  }
  return { enforce, audit, warn, labelled, errors };
}
