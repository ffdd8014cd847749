import { statSync } from 'node:fs';
import path from 'node:path';
import type { LoadOptions } from '../sources/index.js';
import { listOption, stringOption, UsageError, type OptionSpec, type ParsedArgs } from './args.js';

/** Options of the commands that load manifests, for Helm charts and Kustomize overlays. */
export const RENDER_OPTION_SPECS: readonly OptionSpec[] = [
  { name: 'values', value: true, repeat: true },
  { name: 'set', value: true, repeat: true },
  { name: 'release-name', value: true },
  { name: 'namespace', value: true },
  { name: 'helm-bin', value: true },
  { name: 'kustomize-bin', value: true },
];

export const RENDER_HELP = `Helm charts (folders with Chart.yaml) are rendered with \`helm template\`, Kustomize overlays
(folders with kustomization.yaml) with \`kustomize build\` or \`kubectl kustomize\`:
      --values FILE     Helm values file, applied to every chart scanned (repeatable)
      --set KEY=VALUE   Helm value override (repeatable)
      --release-name N  Helm release name (default release-name)
      --namespace NS    Helm release namespace (default default)
      --helm-bin PATH   helm executable (default: helm on PATH)
      --kustomize-bin PATH
                        kustomize or kubectl executable (default: kustomize, else kubectl, on PATH)
`;

/** The `helm` and `kustomize` parts of the load options; relative values files are taken from `cwd`. */
export function renderOptions(args: ParsedArgs, cwd: string): Pick<LoadOptions, 'helm' | 'kustomize'> {
  const values = listOption(args, 'values');
  for (const v of values) {
    let isFile: boolean;
    try {
      isFile = statSync(path.resolve(cwd, v)).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new UsageError(`--values ${v}: no such file`);
  }
  const set = listOption(args, 'set');
  for (const s of set) if (!s.includes('=')) throw new UsageError(`--set needs KEY=VALUE (got "${s}")`);
  const releaseName = stringOption(args, 'release-name');
  const namespace = stringOption(args, 'namespace');
  const helmBin = stringOption(args, 'helm-bin');
  const kustomizeBin = stringOption(args, 'kustomize-bin');
  const absBin = (bin: string) => (bin.includes('/') || bin.includes(path.sep) ? path.resolve(cwd, bin) : bin);
  return {
    helm: {
      values: values.map((v) => path.resolve(cwd, v)),
      set,
      ...(releaseName !== undefined ? { releaseName } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(helmBin !== undefined ? { bin: absBin(helmBin) } : {}),
    },
    kustomize: kustomizeBin !== undefined ? { bin: absBin(kustomizeBin) } : {},
  };
}
