// Internal: helpers shared by the checks.
// Upstream: k8s.io/pod-security-admission policy/helpers.go and policy/visitor.go.

/** An array, or an empty one for anything else (absent fields, nulls). */
export function arr(x: any): any[] {
  return Array.isArray(x) ? x : EMPTY;
}
const EMPTY: any[] = [];

/** Whether a JSON value is set (Go: non-nil pointer/slice/map). */
export function isSet(x: any): boolean {
  return x !== undefined && x !== null;
}

/** `"a", "b"` (upstream joinQuote: no escaping). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Go's `%q` for the strings found in manifests (JSON string escaping agrees with it on printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Sorted distinct values (upstream `sets.String.List()`: byte order). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Name of a container as a string (`""` when missing, as Go's zero value). */
export function containerName(c: any): string {
  return typeof c?.name === 'string' ? c.name : '';
}

/**
 * Calls `visit` for every container of a pod spec in upstream's order:
 * initContainers, containers, ephemeralContainers.
 */
export function visitContainers(podSpec: any, visit: (c: any) => void): void {
  for (const c of arr(podSpec?.initContainers)) visit(c ?? {});
  for (const c of arr(podSpec?.containers)) visit(c ?? {});
  for (const c of arr(podSpec?.ephemeralContainers)) visit(c ?? {});
}

/** Upstream relaxPolicyForUserNamespacePod: `hostUsers: false` (the pod runs in a user namespace). */
export function inUserNamespace(podSpec: any): boolean {
  return podSpec?.hostUsers === false;
}

/** Upstream's Windows exemption (1.25+): `spec.os.name: windows`. */
export function isWindows(podSpec: any): boolean {
  return podSpec?.os?.name === 'windows';
}

/** The security context of a container or pod, or undefined. */
export function sc(x: any): any {
  const s = x?.securityContext;
  return s !== null && typeof s === 'object' ? s : undefined;
}

/** `"<container|containers> \"a\", \"b\""`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
