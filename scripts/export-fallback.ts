import { resolve } from 'node:path';
import { EXIT_FAILED, EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { errorMessage } from '../src/content/error-message.js';
import { readEnvironment } from '../src/settings/read-environment.js';
import { exportFallback } from '../src/tools/operations/export-fallback.js';

const USAGE = [
  'Usage: npm run export-fallback [-- DIR] [--hotline-number +4721000000]',
  '',
  "Writes DIR/voice-fallback.xml, the static TwiML for the number's fallback URL: 112, ROSA's",
  'number and the words around them, with nothing that needs this service. Host it apart from',
  'the service and give its https address to configure-number and preflight with --fallback-url.',
  'DIR is the folder the command is typed in when left out.',
  '',
  "  --hotline-number <number>  this line's own Twilio number (or set HOTLINE_NUMBER, here or in .env):",
  "                             the fallback's transfer shows it to the helpline instead of the caller's",
].join('\n');

// npm runs scripts in the project folder; INIT_CWD is the folder the command was typed in.
const here = process.env.INIT_CWD ?? process.cwd();
const { env } = readEnvironment(process.env);
const options = { 'hotline-number': { type: 'string' } } as const;
process.exitCode = await runCommand({ usage: USAGE, options, positionals: { max: 1 } }, process.argv.slice(2), processIo, ({ values, positionals }) => {
  const hotlineNumber = (values['hotline-number'] ?? env.HOTLINE_NUMBER ?? '').trim();
  if (!hotlineNumber) {
    processIo.err("Give this line's own Twilio number with --hotline-number, or set HOTLINE_NUMBER, such as +4721000000: the fallback's transfer shows it to the helpline, so the caller's own number stays hidden.");
    return EXIT_FAILED;
  }
  try {
    processIo.out(exportFallback(resolve(here, positionals[0] ?? '.'), hotlineNumber));
    return EXIT_OK;
  } catch (error) {
    processIo.err(`Cannot write the static fallback: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
});
