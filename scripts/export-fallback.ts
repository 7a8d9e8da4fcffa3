import { resolve } from 'node:path';
import { exportFallback } from '../src/operations/export-fallback.js';

// npm run export-fallback [-- DIR]: writes DIR/voice-fallback.xml (DIR is the current folder by default).
// npm runs scripts in the project folder; INIT_CWD is the folder the command was typed in.
const here = process.env.INIT_CWD ?? process.cwd();
const args = process.argv.slice(2);
if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
  console.error('Usage: npm run export-fallback [-- DIR]   writes DIR/voice-fallback.xml, the static TwiML for the number\'s fallback URL.');
  process.exitCode = 2;
} else {
  try {
    console.log(exportFallback(resolve(here, args[0] ?? '.')));
  } catch (error) {
    console.error(`Cannot write the static fallback: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
