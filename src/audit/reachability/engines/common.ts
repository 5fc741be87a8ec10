// Internal: shared types of the engine evaluators.
import { ManifestSet, PodWorkload } from '../../internal/manifests';
import { Engine, VerdictStatus } from '../types';

export interface Request {
  readonly src: PodWorkload;
  readonly dst: PodWorkload;
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
}

/** A matching allow: `l7` undefined means any request, otherwise the allowed requests. */
export interface Grant {
  readonly by: string;
  readonly l7?: string[];
}

export interface EngineResult {
  readonly status: VerdictStatus;
  readonly reasons: string[];
  readonly l7: string[];
}

export interface EngineEvaluator {
  readonly engine: Engine;
  present(): boolean;
  evaluate(req: Request): EngineResult;
}

export interface EvalContext {
  readonly set: ManifestSet;
  readonly trustDomain: string;
}

export function wname(w: PodWorkload): string {
  return w.external ? w.name : `${w.namespace}/${w.name}`;
}

/** The answer of an engine that does not model peers outside the pods of the manifests. */
export function externalUnknown(engine: string, req: Request): EngineResult | undefined {
  const ext = req.src.external ? req.src : req.dst.external ? req.dst : undefined;
  if (!ext) return undefined;
  return { status: VerdictStatus.UNKNOWN, reasons: [`${engine} is not evaluated for ${wname(ext)}: only pod-to-pod traffic is modelled for it`], l7: [] };
}

/** Folds grants: any unrestricted grant → unrestricted; else the union of restrictions. */
export function foldGrants(grants: Grant[]): string[] | undefined {
  if (grants.some(g => g.l7 === undefined)) return undefined;
  return [...new Set(grants.flatMap(g => g.l7 ?? []))].sort();
}

/** Intersection of two L7 restriction sets (undefined = any). */
export function intersectL7(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const s = new Set(b);
  return a.filter(x => s.has(x));
}

/** Anchored regular-expression match (Cilium method/path); invalid expressions never match. */
export function regexFull(re: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${re})$`).test(value);
  } catch {
    return false;
  }
}
