import { Severity } from '../severity';

const ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL];

/** 0 (INFO) .. 4 (CRITICAL). */
export function severityRank(s: Severity): number {
  const i = ORDER.indexOf(s);
  if (i < 0) throw new Error(`unknown severity "${s}" (expected one of ${ORDER.join(', ')})`);
  return i;
}

/** Parses a severity name, case-insensitive; undefined when unknown. */
export function parseSeverity(s: string): Severity | undefined {
  const up = String(s).toUpperCase();
  return ORDER.find(x => x === up);
}
