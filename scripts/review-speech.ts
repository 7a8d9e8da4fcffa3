import { readEnvironment } from '../src/settings/read-environment.js';
import { terminalConfirm } from '../src/tools/operations/preflight-cli.js';
import { runReviewSpeechCli } from '../src/tools/operations/review-speech-cli.js';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };
const noTerminal = 'Nobody can answer a question here (no terminal): add --yes to place the review call without asking.';
process.exitCode = await runReviewSpeechCli(process.argv.slice(2), readEnvironment(process.env).env, io, { confirm: terminalConfirm(process.stdin, process.stdout, io, noTerminal) });
