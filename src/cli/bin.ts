#!/usr/bin/env node
import { run } from './main.js';
import type { CliIo } from './io.js';

const io: CliIo = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  readStdin: async () => {
    const { readStream } = await import('../sources/files.js');
    return readStream(process.stdin);
  },
};

run(io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`kubeward: internal error: ${String(e)}\n`);
    process.exitCode = 2;
  },
);
