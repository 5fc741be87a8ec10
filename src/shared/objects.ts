// Allocation-free helpers for the per-route and per-object paths (issue 19: building an app of
// thousands of services allocates per route; these replace `Object.keys(o).length` and
// `scope.node.root`, which allocate an array each).
import { IConstruct } from 'constructs';

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
