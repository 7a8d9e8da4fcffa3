import { readEnvironment } from '../src/config/read-environment.js';
import { runCallCli } from '../src/simulator/call-cli.js';

process.exitCode = await runCallCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  prompt: (s) => process.stdout.write(s),
  input: process.stdin,
  env: readEnvironment(process.env).env,
});
