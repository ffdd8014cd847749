/** One step into a Kubernetes object: a map key or a list index. */
export type PathSegment = string | number;

/** A path inside an object, e.g. `['spec', 'template', 'spec', 'containers', 1, 'securityContext']`. */
export type Path = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Formats a path the way kubectl and JSONPath users read it: `spec.containers[1].securityContext`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Reads a value at a path; undefined when any step is missing. */
export function getAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}
