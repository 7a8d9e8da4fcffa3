import { runConfigureNumber } from '../src/operations/configure-number-cli.js';

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };
process.exitCode = await runConfigureNumber(process.argv.slice(2), process.env, io);
