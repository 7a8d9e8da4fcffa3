import { runPreflightCli, terminalConfirm } from '../src/operations/preflight-cli.js';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };
process.exitCode = await runPreflightCli(process.argv.slice(2), process.env, io, { confirm: terminalConfirm(process.stdin, process.stdout, io) });
