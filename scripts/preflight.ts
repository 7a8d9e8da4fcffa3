import { readEnvironment } from '../src/settings/read-environment.js';
import { runPreflightCli, terminalConfirm } from '../src/tools/operations/preflight-cli.js';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };
process.exitCode = await runPreflightCli(process.argv.slice(2), readEnvironment(process.env).env, io, { confirm: terminalConfirm(process.stdin, process.stdout, io) });
