const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Field paths in findings, e.g. `spec.ports[0]`, `metadata.labels['app.kubernetes.io/name']`. Library-internal. */
export class Paths {
  /** The path of `key` (a property name or an array index) below `path` ('' is the object itself). */
  public static child(path: string, key: string | number): string {
    if (typeof key === 'number') return `${path}[${key}]`;
    if (IDENT.test(key)) return path ? `${path}.${key}` : key;
    return `${path}['${key.replace(/'/g, "\\'")}']`;
  }
}
