import { readEnvironment } from '../src/settings/read-environment.js';
import { runConfigureNumber } from '../src/tools/operations/configure-number-cli.js';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };
process.exitCode = await runConfigureNumber(process.argv.slice(2), readEnvironment(process.env).env, io);
