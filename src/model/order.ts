/**
 * Orders `"<TRANSPORT>/<port>"` keys by transport, then by port number
 * (library-internal). Same order as `localeCompare(b, 'en', { numeric: true })`
 * for these keys, without building an Intl collator per comparison, which
 * dominated route rendering in profiles.
 */
export function compareL4Keys(a: string, b: string): number {
  const i = a.indexOf('/');
  const j = b.indexOf('/');
  const ta = a.slice(0, i);
  const tb = b.slice(0, j);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Number(a.slice(i + 1)) - Number(b.slice(j + 1));
}
