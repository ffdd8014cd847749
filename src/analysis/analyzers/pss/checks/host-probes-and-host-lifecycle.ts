import type { Path } from '../../../../model/path.js';
import type { PssCheck } from '../check.js';
import { containersPhrase, joinQuote, pluralize, record, sortedSet, str } from '../pod.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const HANDLER_KINDS = ['httpGet', 'tcpSocket'] as const;

/**
 * Baseline, v1.34+: probes and lifecycle handlers must not target another host.
 * Restricted fields: `{liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host` and
 * `lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host` of every container; allowed: "" / unset.
 */
export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  revisions: [
    {
      since: 34,
      check(pod) {
        const bad: string[] = [];
        const hosts: string[] = [];
        const paths: Path[] = [];
        for (const c of pod.containers) {
          const handlers: [unknown, Path][] = PROBES.map((p) => [c.raw[p], [...c.path, p]]);
          const lifecycle = record(c.raw.lifecycle);
          for (const h of LIFECYCLE_HANDLERS) handlers.push([lifecycle?.[h], [...c.path, 'lifecycle', h]]);
          let valid = true;
          for (const [handler, path] of handlers) {
            for (const kind of HANDLER_KINDS) {
              const host = str(record(record(handler)?.[kind])?.host);
              if (host === '') continue;
              valid = false;
              hosts.push(host);
              paths.push([...path, kind, 'host']);
            }
          }
          if (!valid) bad.push(c.name);
        }
        if (bad.length === 0) return undefined;
        const list = sortedSet(hosts);
        return {
          reason: 'probe or lifecycle host',
          detail:
            `${containersPhrase(sortedSet(bad))} ${pluralize('uses', 'use', new Set(bad).size)} ` +
            `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', list.length)} ${joinQuote(list)}`,
          paths,
        };
      },
    },
  ],
};
