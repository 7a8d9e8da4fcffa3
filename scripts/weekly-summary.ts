import { EXIT_OK, processIo, runCommand, UsageError } from '../src/cli/command-line.js';
import { readEnvironment } from '../src/settings/read-environment.js';
import { prometheusQuery, weeklySummary } from './weekly-summary/summary.js';

const USAGE = [
  'Usage: npm run weekly-summary -- --prometheus URL [--end YYYY-MM-DD] [--days N]',
  '',
  "Asks Prometheus for the line's figures over the N days (7 unless given) before the end (now",
  'unless given; a date means its midnight, UTC) and prints them as a short Markdown table to paste',
  'into a report: calls, languages, people reached and how long it took, transfers not answered,',
  'where callers left, text messages, fail-safe answers. Counts only: nothing names a caller.',
  'PROMETHEUS_TOKEN (from the environment or .env), when set, is sent as a bearer token (a hosted',
  'Prometheus, whose address may have a path, such as https://prometheus.example.net/api/prom).',
].join('\n');

const options = { prometheus: { type: 'string' }, end: { type: 'string' }, days: { type: 'string' } } as const;

process.exitCode = await runCommand({ usage: USAGE, options }, process.argv.slice(2), processIo, async ({ values }) => {
  if (!values.prometheus || !URL.canParse(values.prometheus)) throw new UsageError('Give --prometheus with the address of Prometheus, e.g. --prometheus http://localhost:9090.', true);
  const end = values.end ? new Date(values.end) : new Date();
  if (Number.isNaN(end.getTime())) throw new UsageError(`--end "${values.end}" is not a date; give it as YYYY-MM-DD.`, true);
  const days = Number(values.days ?? '7');
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError('--days is a whole number of days from 1 to 366.', true);
  processIo.out(await weeklySummary(prometheusQuery(new URL(values.prometheus), readEnvironment(process.env).env.PROMETHEUS_TOKEN?.trim() || undefined), { end, days }));
  return EXIT_OK;
}, 'The weekly summary');
