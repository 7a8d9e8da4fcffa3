import { resolve } from 'node:path';
import { EXIT_FAILED, EXIT_OK, processIo, runCommand } from '../src/cli/command-line.js';
import { errorMessage } from '../src/content/error-message.js';
import { exportFallback } from '../src/tools/operations/export-fallback.js';

const USAGE = [
  'Usage: npm run export-fallback [-- DIR]',
  '',
  "Writes DIR/voice-fallback.xml, the static TwiML for the number's fallback URL: 112, ROSA's",
  'number and the words around them, with nothing that needs this service. Host it apart from',
  'the service and give its https address to configure-number and preflight with --fallback-url.',
  'DIR is the folder the command is typed in when left out.',
].join('\n');

// npm runs scripts in the project folder; INIT_CWD is the folder the command was typed in.
const here = process.env.INIT_CWD ?? process.cwd();
process.exitCode = await runCommand({ usage: USAGE, options: {}, positionals: { max: 1 } }, process.argv.slice(2), processIo, ({ positionals }) => {
  try {
    processIo.out(exportFallback(resolve(here, positionals[0] ?? '.')));
    return EXIT_OK;
  } catch (error) {
    processIo.err(`Cannot write the static fallback: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
});
