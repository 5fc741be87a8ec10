/** A loader that runs once, on first call (modules loaded on first use, issue 19). */
export function lazy<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
