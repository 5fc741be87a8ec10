// Internal: Pod Security Admission policy versions (`v1.<minor>` or `latest`).
// Upstream: k8s.io/pod-security-admission api/helpers.go (ParseVersion, Version.Older).

/** `latest`, as upstream's `api.VersionLatest`. */
export const VERSION_LATEST = 'latest';

/**
 * The newest minor any implemented check version starts at: the check registry's
 * `maxMinor` (test/pod-security/checks.test.ts fails when they disagree). A constant so
 * that `PodSecurity.NEWEST_VERSION` does not load every check when the library loads
 * (issue 19: the checks load on first evaluation).
 */
export const NEWEST_MINOR = 37;

/** A parsed policy version: a v1 minor number, or `LATEST_MINOR` for `latest`. */
export const LATEST_MINOR = Number.MAX_SAFE_INTEGER;

const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

/**
 * The v1 minor of `version` (`v1.28` -> 28, `latest` -> LATEST_MINOR), or undefined
 * when it is neither `latest` nor `v1.<n>` (upstream's regexp: no leading zeros).
 */
export function parseMinor(version: string): number | undefined {
  if (version === VERSION_LATEST) return LATEST_MINOR;
  const m = VERSION_RE.exec(version);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `v1.<minor>` or `latest`. */
export function formatMinor(minor: number): string {
  return minor === LATEST_MINOR ? VERSION_LATEST : `v1.${minor}`;
}
