import { readEnvironment } from '../src/settings/read-environment.js';
import { runCallCli } from '../src/tools/simulator/call-cli.js';

process.exitCode = await runCallCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  prompt: (s) => process.stdout.write(s),
  input: process.stdin,
  env: readEnvironment(process.env).env,
});
