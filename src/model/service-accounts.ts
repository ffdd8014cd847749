import type { KubeObject } from './object.js';
import type { ObjectSet } from './object-set.js';
import type { Path } from './path.js';
import type { PodTemplate } from './workloads.js';

/** The ServiceAccount a pod runs as, and whether its API token is mounted automatically. */
export interface PodServiceAccount {
  /** The account's name: `default` when the pod names none. */
  name: string;
  /** Path of the field that names it (`serviceAccountName` or the deprecated `serviceAccount`); undefined when neither does. */
  namePath: Path | undefined;
  /** Whether the token is mounted automatically. */
  automount: boolean;
  /**
   * What decides `automount`: the pod's `automountServiceAccountToken`, the ServiceAccount
   * object's (found in the object set), or the API default (true) when neither sets it.
   */
  decidedBy: 'pod' | 'serviceAccount' | 'default';
  /** Path of the pod spec's `automountServiceAccountToken`, whether or not it is set. */
  podAutomountPath: Path;
  /** The ServiceAccount object in the set, when the input holds it. */
  serviceAccount: KubeObject | undefined;
}

/**
 * Resolves a pod template's ServiceAccount the way the API server does: `serviceAccountName`, or
 * the deprecated `serviceAccount` when the former is empty (v1 conversion), or `default` (the
 * ServiceAccount admission plugin). The token is mounted unless `automountServiceAccountToken` is
 * false on the pod or, when the pod leaves it unset, on the ServiceAccount; the pod field wins.
 * The ServiceAccount is looked up in the workload's namespace.
 */
export function podServiceAccount(obj: KubeObject, tpl: PodTemplate, set: ObjectSet): PodServiceAccount {
  const spec = tpl.spec;
  let name = 'default';
  let namePath: Path | undefined;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    name = spec.serviceAccountName;
    namePath = [...tpl.specPath, 'serviceAccountName'];
  } else if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') {
    name = spec.serviceAccount;
    namePath = [...tpl.specPath, 'serviceAccount'];
  }
  const serviceAccount = set.get('ServiceAccount', obj.namespace, name);
  const podAutomountPath = [...tpl.specPath, 'automountServiceAccountToken'];
  const base = { name, namePath, podAutomountPath, serviceAccount };
  if (typeof spec.automountServiceAccountToken === 'boolean') {
    return { ...base, automount: spec.automountServiceAccountToken, decidedBy: 'pod' };
  }
  const fromAccount = serviceAccount?.raw.automountServiceAccountToken;
  if (typeof fromAccount === 'boolean') return { ...base, automount: fromAccount, decidedBy: 'serviceAccount' };
  return { ...base, automount: true, decidedBy: 'default' };
}
