import { isRecord, type Path } from '../../../model/index.js';
import { reachability } from '../../analyzers/reachability/index.js';
import { defineRule } from '../../define-rule.js';

/** Whether a rule's ports are DNS only (port 53, UDP or TCP), which the rule lets through. */
function dnsOnly(ports: unknown): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return false;
  return ports.every((p) => isRecord(p) && (p.port === 53 || p.port === '53') && p.endPort === undefined &&
    (p.protocol === undefined || p.protocol === 'UDP' || p.protocol === 'TCP'));
}

function describePorts(ports: unknown): string {
  if (!Array.isArray(ports) || ports.length === 0) return 'every port';
  return ports.map((p) => {
    const rec = isRecord(p) ? p : {};
    const protocol = typeof rec.protocol === 'string' ? rec.protocol : 'TCP';
    if (rec.port === undefined || rec.port === null) return `${protocol} (all ports)`;
    return `${protocol} ${String(rec.port)}${typeof rec.endPort === 'number' ? `-${rec.endPort}` : ''}`;
  }).join(', ');
}

function listNames(names: string[]): string {
  if (names.length === 0) return 'the pods it selects';
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

export default defineRule({
  id: 'no-egress-to-internet',
  area: 'network',
  severity: 'low',
  uses: [reachability],
  title: 'Network policies that allow egress to any address',
  description:
    'Reports NetworkPolicy egress rules that reach every external address: a rule without `to` (every ' +
    'destination) or an ipBlock of `0.0.0.0/0` or `::/0`, with or without exceptions. Rules limited to DNS ' +
    '(port 53 over UDP or TCP) are left out, since pods must resolve names through whatever resolver they ' +
    'are given. Findings point at the rule or the ipBlock.',
  rationale:
    'Egress to anywhere is what data exfiltration, command-and-control callbacks and crypto-mining pools ' +
    'need. Most workloads call a handful of known endpoints; naming them (or routing through an egress ' +
    'proxy) turns a compromise into a contained one.',
  remediation:
    'Replace `0.0.0.0/0` with the address ranges the workload actually calls, or send outbound traffic ' +
    'through an egress gateway or proxy and allow only that; keep any remaining broad rule to the ports the ' +
    'workload needs.',
  references: [
    { framework: 'nsa-cisa', control: 'Network separation and hardening: network policies' },
    { framework: 'mitre', control: 'T1041 Exfiltration Over C2 Channel' },
  ],
  messages: {
    anyAddress: 'NetworkPolicy "{policy}" egress rule {rule} lets {workloads} connect to {destination} on {ports}.',
  },
  examples: {
    bad: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: ["Egress"]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
`,
    good: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: ["Egress"]
  egress:
    - to:
        - ipBlock:
            cidr: 203.0.113.0/24
      ports:
        - port: 443
`,
  },
  checkSet(set, ctx) {
    const result = ctx.use(reachability);
    for (const p of result.isolation.policies) {
      if (p.policy.kind !== 'NetworkPolicy' || !p.directions.includes('egress')) continue;
      const obj = set.get('NetworkPolicy', p.policy.namespace, p.policy.name);
      const spec = obj && isRecord(obj.raw.spec) ? obj.raw.spec : undefined;
      if (!obj || !spec || !Array.isArray(spec.egress)) continue;
      const workloads = listNames(p.selects.map((w) => `${w.namespace}/${w.name}`));
      spec.egress.forEach((rule, i) => {
        const rec = isRecord(rule) ? rule : {};
        if (dnsOnly(rec.ports)) return;
        const ports = describePorts(rec.ports);
        const report = (destination: string, path: Path) =>
          ctx.reportOn(obj, 'anyAddress', { policy: p.policy.name, rule: i, workloads, destination, ports }, path);
        if (!Array.isArray(rec.to) || rec.to.length === 0) {
          report('every destination, in the cluster or outside (the rule has no to)', ['spec', 'egress', i]);
          return;
        }
        rec.to.forEach((peer, j) => {
          if (!isRecord(peer) || !isRecord(peer.ipBlock) || typeof peer.ipBlock.cidr !== 'string') return;
          if (!/\/0$/.test(peer.ipBlock.cidr.trim())) return;
          const except = Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length > 0 ? ' (with exceptions)' : '';
          report(`any address, ${peer.ipBlock.cidr}${except}`, ['spec', 'egress', i, 'to', j, 'ipBlock', 'cidr']);
        });
      });
    }
  },
});
