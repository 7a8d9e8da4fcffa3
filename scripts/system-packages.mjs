// Before `npm test` (its pretest) and in .ci/run: the system packages the tests need. Missing ones
// are installed through apt when this runs as root on Debian; otherwise it stops, before any test,
// with the one command to run. Plain JavaScript: it runs before anything is compiled.
//   chromium       the try page is tested in a real browser (tests/try-page.test.ts)
//   redis-server   the shared text-message limits are tested against a real Redis
//   prometheus     the alert rules are checked with promtool, and scraped by a real Prometheus
// CHROMIUM_PATH, REDIS_SERVER, PROMETHEUS and PROMTOOL point the tests at a binary elsewhere; this
// honours them too (the last three may also be a bare name on PATH, as the tests spawn them).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each binary the tests start, and the Debian package that has it. */
const NEEDED = [
  { binary: 'chromium', package: 'chromium', at: () => process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
  { binary: 'redis-server', package: 'redis-server', at: () => named(process.env.REDIS_SERVER, 'redis-server') },
  { binary: 'prometheus', package: 'prometheus', at: () => named(process.env.PROMETHEUS, 'prometheus') },
  { binary: 'promtool', package: 'prometheus', at: () => named(process.env.PROMTOOL, 'promtool') },
];

/** The binary a variable names: a path as it is, a bare name looked up on PATH; not set, the usual name on PATH. */
function named(value, usual) {
  if (!value) return onPath(usual);
  return value.includes('/') ? value : onPath(value);
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary of that name on PATH, or the bare name (which then is not found). */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (executable(join(dir, name))) return join(dir, name);
  }
  return name;
}

const missing = () => NEEDED.filter((need) => !executable(need.at()));
const packagesOf = (needs) => [...new Set(needs.map((need) => need.package))];
const list = (words) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** The ID line of /etc/os-release (debian, ubuntu, …); OS_RELEASE names another file. */
function osId() {
  const file = process.env.OS_RELEASE || '/etc/os-release';
  if (!existsSync(file)) return undefined;
  return /^ID="?([^"\n]*)"?$/m.exec(readFileSync(file, 'utf8'))?.[1];
}

const root = process.getuid?.() === 0;
const sudo = root ? '' : 'sudo ';
/** On Ubuntu chromium comes only as a snap; apt has the rest everywhere. */
const viaApt = (packages) => (osId() === 'ubuntu' ? packages.filter((name) => name !== 'chromium') : packages);

/** The one command to run by hand, and on Ubuntu the snap for chromium. */
function advice(packages) {
  const apt = viaApt(packages);
  const lines = [];
  if (apt.length > 0) lines.push(`  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${apt.join(' ')}`);
  if (apt.length < packages.length) {
    lines.push('On Ubuntu chromium comes only as a snap, which the tests find through CHROMIUM_PATH:');
    lines.push(`  ${sudo}snap install chromium && export CHROMIUM_PATH=/snap/bin/chromium`);
  }
  return lines.join('\n');
}

function install(packages) {
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.error || run.status !== 0) return false;
  }
  return true;
}

let needs = missing();
if (needs.length === 0) process.exit(0);
const apt = viaApt(packagesOf(needs));
if (root && apt.length > 0 && onPath('apt-get') !== 'apt-get') {
  process.stdout.write(`The tests need ${list(needs.map((need) => need.binary))}; installing ${apt.join(' ')} with apt-get.\n`);
  install(apt);
  needs = missing();
  if (needs.length === 0) process.exit(0);
}
process.stderr.write(`The tests need ${list(needs.map((need) => need.binary))}, which ${needs.length > 1 ? 'are' : 'is'} not installed. Run this, then the tests again:\n${advice(packagesOf(needs))}\n`);
process.exit(1);
