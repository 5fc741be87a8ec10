// Allocation-free helpers for the per-route and per-object paths (issue 19: building an app of
// thousands of services allocates per route; these replace `Object.keys(o).length` and
// `scope.node.root`, which allocate an array each).
import { Construct, IConstruct } from 'constructs';

/** Whether `o` has an own enumerable member (`Object.keys(o).length > 0` without the array). */
export function hasKeys(o: object | undefined): boolean {
  if (o === undefined) return false;
  for (const k in o) {
    if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  }
  return false;
}

/** The root of `c`'s construct tree (`c.node.root` without building the list of scopes). */
export function rootOf(c: IConstruct): IConstruct {
  let x = c;
  for (let up = x.node.scope; up !== undefined; up = up.node.scope) x = up;
  return x;
}

/** The id of the placeholder child of `hashedChildrenStart` (removed by `hashedChildrenEnd`). */
const PLACEHOLDER = 'zero-trust-hashed-children';

/**
 * Starts making the object in which `constructs` keeps `scope`'s children by id a hash table in
 * V8 (a "dictionary-mode" object); call it before `scope`'s first child, and `hashedChildrenEnd`
 * after at least one more. Children and their order are unchanged.
 *
 * V8 gives a plain object a new hidden class for each key added in an order no other object has
 * shown it. A service's children have ids of its own (its routes' object names), so every
 * service grew a chain of hidden classes nobody else shares — about 7,000 at N = 1,000 services,
 * most of `Node.addChild`'s time in a cold run (issue 19). An object whose key other than the
 * last one added is deleted becomes a hash table: a placeholder child is added first and removed
 * once the construct has children of its own (public `constructs` API: `tryRemoveChild`). Only a
 * matter of speed: on another engine, or if V8 changes, the tree is the same.
 */
export function hashedChildrenStart(scope: Construct): void {
  new Construct(scope, PLACEHOLDER);
}

/** Removes `hashedChildrenStart`'s placeholder: from then on `scope`'s children are a hash table. */
export function hashedChildrenEnd(scope: Construct): void {
  scope.node.tryRemoveChild(PLACEHOLDER);
}
