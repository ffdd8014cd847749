/**
 * What the CLI bundle (`dist/cli/kubeward.cjs`) exports to the launcher (`bin.cts`): the command
 * runner, and the process surroundings it runs with.
 */
import type { CliIo } from './io.js';

export { run } from './main.js';

/** The real process: argv, environment, stdout/stderr, stdin. */
export function processIo(): CliIo {
  return {
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
}
