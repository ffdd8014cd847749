/**
 * What the CLI bundle (`dist/cli/kubeward.cjs`) exports to the launcher (`bin.cts`): the command
 * runner, and the process surroundings it runs with.
 */
import { directWriter, type CliIo } from './io.js';

export { run } from './main.js';

/** The real process: argv, environment, stdout/stderr, stdin. */
export function processIo(): CliIo {
  const direct = directWriter(1, (bytes) => void stdoutStream().write(bytes));
  return {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    // A pipe or a file is no terminal; only for the rest is Node's stream made to ask.
    stdoutIsTTY: direct === undefined && stdoutStream().isTTY === true,
    stdout: direct ?? ((t) => void stdoutStream().write(t)),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const { readStream } = await import('../sources/files.js');
      return readStream(process.stdin);
    },
  };
}

let stdoutReady = false;

/** `process.stdout`, which ignores a reader that has gone away (EPIPE) instead of crashing with a stack trace. */
function stdoutStream(): NodeJS.WriteStream {
  if (!stdoutReady) {
    stdoutReady = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  return process.stdout;
}
