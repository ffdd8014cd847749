import { hasFindingsAtOrAbove } from '../../analysis/engine.js';
import {
  isSeverity, SCHEMA_VERSION, SEVERITIES, summarize,
  type Finding, type NotAssessed, type ObjectRef, type ReportContext, type RuleMeta, type ScanResult, type Severity,
} from '../../model/index.js';
import { EtcdProbeError, probeEtcd, type EtcdProbeResult, type EtcdSecretsSample } from '../../probes/etcd/index.js';
import { renderJson, renderText } from '../../reporters/index.js';
import { choice, flagOption, parseArgs, stringOption, UsageError } from '../args.js';
import { toolVersion, useColor, type CliIo } from '../io.js';

export const PROBE_HELP = `Usage: kubeward probe etcd --endpoint URL [--cacert F --cert F --key F] [options]

Probes a live etcd, read-only (range requests on its v3 JSON gateway): does it serve plain HTTP,
TLS clients without a certificate, or clients with a certificate from a foreign CA? Then, when it
can read, how a sample of Secrets is stored (encryption provider and key name by value prefix).
Values are never printed, logged or kept: only how each is stored.

Options:
      --endpoint URL    https://host[:port] or http://host[:port] (port 2379 when omitted)
      --cacert FILE     CA that signed etcd's server certificate
      --cert FILE       client certificate (with --key); refused over http://
      --key FILE        client key
      --sample N        Secrets to sample (default 20; 0 turns sampling off)
      --timeout SEC     limit for each request (default 5)
  -o, --output FORMAT   text | json (default text)
      --fail-on SEV     exit 1 when a finding is at or above SEV: ${SEVERITIES.join(' | ')} (default high)
      --no-color        no ANSI colours (also NO_COLOR=1)
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or the probe failed.
`;

const PROBE_OBJECT_KIND = 'EtcdEndpoint';

/** What users read about each probe finding, as rule metadata so reporters show it like any rule's. */
export const PROBE_RULES: Record<string, RuleMeta> = {
  'etcd-probe-plaintext-http': probeRule('etcd-probe-plaintext-http', 'critical', 'etcd serves clients over plain HTTP',
    'etcd answered a read over plain HTTP: no TLS and no client certificate. Anyone who reaches the port reads and writes every key, Secrets included.',
    'Serve clients on https:// URLs only, with --cert-file, --key-file, --client-cert-auth=true and --trusted-ca-file.', '2.1'),
  'etcd-probe-no-client-cert': probeRule('etcd-probe-no-client-cert', 'critical', 'etcd serves TLS clients without a certificate',
    'etcd answered a read over TLS from a client that presented no certificate: anyone who reaches the port reads every key, Secrets included.',
    'Run etcd with --client-cert-auth=true and --trusted-ca-file set to a CA used only for etcd clients.', '2.2'),
  'etcd-probe-foreign-ca': probeRule('etcd-probe-foreign-ca', 'critical', 'etcd trusts client certificates from a foreign CA',
    'etcd answered a read from a client whose certificate was signed by a CA made up for the probe: it does not check who signed client certificates.',
    'Set --client-cert-auth=true and --trusted-ca-file to the etcd client CA only (not a system bundle, not the cluster CA).', '2.7'),
  'etcd-probe-secrets-plaintext': probeRule('etcd-probe-secrets-plaintext', 'high', 'Secrets stored unencrypted in etcd',
    'Sampled Secrets are stored in etcd as plain protobuf, JSON or CBOR: encryption at rest is off for them, or they were written before it was turned on.',
    'Configure --encryption-provider-config with an encrypting provider first for secrets, then rewrite every Secret: kubectl get secrets -A -o json | kubectl replace -f -', '1.2.27'),
  'etcd-probe-secrets-unknown': probeRule('etcd-probe-secrets-unknown', 'medium', 'Secrets stored in an unrecognised format',
    'Sampled values under the Secrets prefix have neither a known encryption prefix nor a Kubernetes serialisation: they may not be Secrets the API server wrote, or come from an unknown provider.',
    'Check what writes under the Secrets prefix in etcd directly; only the API server should.', '1.2.28'),
};

function probeRule(id: string, severity: Severity, title: string, description: string, remediation: string, cis: string): RuleMeta {
  return {
    id, area: 'etcd', severity, title, description, rationale: description, remediation,
    references: [{ framework: 'cis-k8s', control: cis }], messages: {}, examples: { bad: '', good: '' },
  };
}

/** `kubeward probe etcd`: live checks of one etcd endpoint, reported like scan findings. */
export async function probeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [
    { name: 'endpoint', value: true },
    { name: 'cacert', value: true },
    { name: 'cert', value: true },
    { name: 'key', value: true },
    { name: 'sample', value: true },
    { name: 'timeout', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'fail-on', value: true },
    { name: 'color' },
    { name: 'help', short: 'h' },
  ]);
  if (flagOption(args, 'help')) {
    io.stdout(PROBE_HELP);
    return 0;
  }
  const [target, ...rest] = args.positionals;
  if (target === undefined) throw new UsageError('probe needs a target: kubeward probe etcd --endpoint URL');
  if (target !== 'etcd') throw new UsageError(`unknown probe target "${target}" (only etcd)`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const endpoint = stringOption(args, 'endpoint');
  if (endpoint === undefined) throw new UsageError('probe etcd needs --endpoint URL (https://host:2379)');
  const format = choice(stringOption(args, 'output'), ['text', 'json'] as const, 'output') ?? 'text';
  const failOnText = stringOption(args, 'fail-on');
  if (failOnText !== undefined && !isSeverity(failOnText)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} (got "${failOnText}")`);
  const failOn: Severity = (failOnText as Severity | undefined) ?? 'high';
  const sample = wholeNumber(stringOption(args, 'sample'), 'sample');
  const timeout = stringOption(args, 'timeout');
  const timeoutSec = timeout === undefined ? undefined : Number(timeout);
  if (timeoutSec !== undefined && !(Number.isFinite(timeoutSec) && timeoutSec > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got "${timeout}")`);
  const cert = stringOption(args, 'cert');
  const key = stringOption(args, 'key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('give --cert and --key together, or neither');

  let result: EtcdProbeResult;
  try {
    result = await probeEtcd({
      endpoint,
      cacert: stringOption(args, 'cacert'),
      cert,
      key,
      sample,
      timeoutMs: timeoutSec === undefined ? undefined : timeoutSec * 1000,
    });
  } catch (e) {
    if (e instanceof EtcdProbeError) {
      if (e.code === 'usage') throw new UsageError(e.message);
      io.stderr(`kubeward: probe of ${endpoint} failed: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const scan = toScanResult(result);
  const ctx: ReportContext = {
    rules: Object.values(PROBE_RULES),
    toolVersion: toolVersion(),
    color: format === 'text' && useColor(io, flagOption(args, 'color')),
    failOn,
  };
  if (format === 'json') {
    const report = JSON.parse(renderJson(scan, ctx)) as Record<string, unknown>;
    report.probe = { endpoint: result.endpoint, checks: result.checks };
    report.secretsSample = sampleJson(result.secretsSample);
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`${probeSummary(result)}\n${renderText(scan, ctx)}`);
  }
  return hasFindingsAtOrAbove(scan.findings, failOn) ? 1 : 0;
}

function wholeNumber(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${option} must be a whole number >= 0 (got "${text}")`);
  return Number(text);
}

const CHECK_RULES: Record<string, string> = {
  'plaintext-http': 'etcd-probe-plaintext-http',
  'tls-without-client-cert': 'etcd-probe-no-client-cert',
  'foreign-ca-client-cert': 'etcd-probe-foreign-ca',
};

/** The probe's verdicts as findings on the endpoint; checks it could not make as not assessed. */
export function toScanResult(result: EtcdProbeResult): ScanResult {
  const object: ObjectRef = { apiVersion: 'kubeward.io/v1', kind: PROBE_OBJECT_KIND, name: result.endpoint };
  const findings: Finding[] = [];
  const notAssessed: NotAssessed[] = [];
  const add = (ruleId: string, message: string) => {
    const meta = PROBE_RULES[ruleId]!;
    findings.push({
      ruleId, area: 'etcd', severity: meta.severity, message, remediation: meta.remediation,
      object, location: { ref: result.endpoint }, path: '', suppressed: null,
    });
  };
  for (const check of result.checks) {
    const ruleId = CHECK_RULES[check.check]!;
    if (check.accepted === true) add(ruleId, `${check.detail}.`);
    else if (check.accepted === 'unknown') notAssessed.push({ area: 'etcd', ruleId, reason: `${result.endpoint}: ${check.detail}` });
  }
  const s = result.secretsSample;
  if (!s.assessed) {
    notAssessed.push({ area: 'etcd', ruleId: 'etcd-probe-secrets-plaintext', reason: `Secrets not sampled: ${s.reason}` });
  } else {
    const plain = s.byProvider.plaintext ?? 0;
    const unknown = s.byProvider.unknown ?? 0;
    if (plain > 0) add('etcd-probe-secrets-plaintext', `${plain} of ${s.sampled} sampled Secrets under ${s.prefix} are stored unencrypted (${encodings(s)}).`);
    if (unknown > 0) add('etcd-probe-secrets-unknown', `${unknown} of ${s.sampled} sampled values under ${s.prefix} have no known encryption prefix or Kubernetes serialisation.`);
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    findings,
    errors: [],
    notes: [],
    notAssessed,
    files: [],
    objects: 1,
    objectRefs: [object],
    rulesRun: Object.keys(PROBE_RULES),
    summary: summarize(findings, 1, 0, 0),
  };
}

function encodings(s: EtcdSecretsSample): string {
  const counts = new Map<string, number>();
  for (const x of s.secrets) if (x.provider === 'plaintext') counts.set(x.encoding ?? 'plaintext', (counts.get(x.encoding ?? 'plaintext') ?? 0) + 1);
  return [...counts].map(([enc, n]) => `${n} ${enc}`).join(', ');
}

/** The sample as `-o json` shows it: counts, never values; keys only of values stored unencrypted. */
function sampleJson(s: EtcdProbeResult['secretsSample']): Record<string, unknown> {
  if (!s.assessed) return { assessed: false, reason: s.reason };
  return {
    assessed: true,
    via: s.via,
    prefix: s.prefix,
    total: s.total,
    sampled: s.sampled,
    byProvider: s.byProvider,
    byKeyName: s.byKeyName,
    unencrypted: s.secrets.filter((x) => x.provider === 'plaintext' || x.provider === 'unknown').map((x) => x.key),
  };
}

/** The lines above the findings in text output: each check's verdict and the sample's counts. */
function probeSummary(result: EtcdProbeResult): string {
  const label: Record<string, string> = {
    'plaintext-http': 'plain HTTP',
    'tls-without-client-cert': 'TLS without a client certificate',
    'foreign-ca-client-cert': 'client certificate from a foreign CA',
  };
  const lines = [`etcd probe of ${result.endpoint}`];
  for (const c of result.checks) {
    const verdict = c.accepted === true ? 'ACCEPTED' : c.accepted === false ? 'refused' : 'unknown';
    lines.push(`  ${label[c.check]}: ${verdict} (${c.detail})`);
  }
  const s = result.secretsSample;
  if (!s.assessed) lines.push(`  Secrets: not sampled (${s.reason})`);
  else {
    const providers = Object.entries(s.byProvider).map(([p, n]) => {
      const names = s.byKeyName[p as keyof typeof s.byKeyName];
      return names ? `${p} ${n} (${Object.entries(names).map(([k, m]) => `${k}: ${m}`).join(', ')})` : `${p} ${n}`;
    });
    lines.push(`  Secrets: ${s.sampled} sampled of ${s.total} under ${s.prefix} (read via ${s.via}): ${providers.join(', ') || 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}
