// The README's first command: scan the shop example as first written and as hardened, and compare.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli', 'bin.cjs');
const variants = ['examples/shop/insecure', 'examples/shop/hardened'];

const run = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env } });

const summaries = [];
for (const dir of variants) {
  process.stdout.write(`\n$ kubeward scan ${dir}\n`);
  const text = run(['scan', dir]);
  process.stdout.write(text.stdout);
  process.stderr.write(text.stderr);
  const json = JSON.parse(run(['scan', dir, '-o', 'json']).stdout);
  summaries.push({ dir, exit: text.status, summary: json.summary });
}

const total = (s) => Object.values(s.bySeverity).reduce((a, b) => a + b, 0);
process.stdout.write('\nThe difference:\n');
for (const { dir, exit, summary } of summaries) {
  const sev = Object.entries(summary.bySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  process.stdout.write(`  ${dir.padEnd(26)} ${String(total(summary)).padStart(3)} findings${sev ? ` (${sev})` : ''}, exit code ${exit}\n`);
}
const [insecure, hardened] = summaries;
const ok = insecure.exit === 1 && hardened.exit === 0;
process.stdout.write(ok ? '\nThe hardened variant passes; the first draft fails.\n' : '\nUnexpected exit codes: see above.\n');
process.exitCode = ok ? 0 : 1;
