#!/usr/bin/env bash
# Deploys a clean clone the way Heroku (and the README's "any Node host") does, and checks that it
# answers: npm ci, npm run heroku-postbuild (build, prompt check), npm prune --omit=dev, the operator commands (preflight --help,
# configure-number --help, export-fallback), then the Procfile's web command in production.
set -euo pipefail
usage="Usage: npm run check:deploy

Deploys a clean clone of this repository's last commit as Heroku does (npm ci, npm run
heroku-postbuild: the build and the prompt check, which must stop a prompt naming [[roza]];
npm prune --omit=dev), runs preflight --help, configure-number --help and export-fallback there,
starts the Procfile's web command in production and checks that GET /healthz answers 200.
Exits 0 when all of that works, 1 otherwise."
case "${1:-}" in
  --help|-h) echo "$usage"; exit 0 ;;
  "") ;;
  *) echo "$usage" >&2; echo >&2; echo "$1 is not an option of this command." >&2; exit 2 ;;
esac
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$repo" "$work/app"
cd "$work/app"
npm ci --no-audit --no-fund --prefer-offline >/dev/null
# Heroku's build step (heroku-postbuild) builds and runs the prompt check: a prompt with a placeholder
# that names nothing must stop the deploy before the new version serves a caller.
cp prompts/uk.json "$work/uk.json"
sed -i 's/\[\[rosa\]\]/[[roza]]/' prompts/uk.json
if output=$(npm run --silent heroku-postbuild 2>&1); then
  echo "check-deploy: the build step passed a prompt that names [[roza]]:"; echo "$output"; exit 1
fi
case "$output" in
  *'"roza" is not a helpline'*) echo "check-deploy: the build step (heroku-postbuild) stopped a prompt that names [[roza]], and said why" ;;
  *) echo "check-deploy: the build step failed on [[roza]] without saying why:"; echo "$output"; exit 1 ;;
esac
cp "$work/uk.json" prompts/uk.json
if ! output=$(npm run --silent heroku-postbuild 2>&1); then
  echo "check-deploy: the build step (heroku-postbuild) failed on the shipped prompts:"; echo "$output"; exit 1
fi
npm prune --omit=dev --no-audit --no-fund >/dev/null
[ ! -e node_modules/vitest ] && [ ! -e node_modules/@types/node ] && [ ! -e node_modules/mermaid ] || { echo "check-deploy: devDependencies were not pruned"; exit 1; }

# The operator commands run on the pruned host as they are: no rebuild, no TypeScript, no devDependency.
run_command() {
  local name=$1
  shift
  env -i PATH="$PATH" HOME="$work" npm run --silent "$name" -- "$@" 2>&1
}
for command in "preflight --help" "configure-number --help" "export-fallback $work/fallback --hotline-number +4721000000" \
  "start --help" "call --help" "bench --help" "check:prompts --help" "flow --help" "schemas --help"; do
  # shellcheck disable=SC2086
  if ! output=$(run_command $command); then
    echo "check-deploy: \"npm run $command\" failed on the pruned deploy:"
    echo "$output"
    exit 1
  fi
  case "$output" in
    *uild*) echo "check-deploy: \"npm run $command\" tried to build on the pruned deploy:"; echo "$output"; exit 1 ;;
  esac
  echo "check-deploy: npm run $command ran without devDependencies"
done
[ -s "$work/fallback/voice-fallback.xml" ] || { echo "check-deploy: export-fallback wrote no voice-fallback.xml"; exit 1; }
# A source newer than the build on a host that cannot build (the type packages are pruned): the
# older build must not run; the command stops with the reason (the compiler's, or a missing compiler).
touch -r src/main.ts "$work/built-source-time"
touch src/main.ts
if output=$(run_command preflight --help); then
  echo "check-deploy: with a source newer than dist/, preflight --help ran the older build:"; echo "$output"; exit 1
fi
case "$output" in
  *"Usage: npm run preflight"*) echo "check-deploy: with a source newer than dist/, preflight --help ran the older build:"; echo "$output"; exit 1 ;;
  *"Cannot start npm run preflight: "*) echo "check-deploy: with a source newer than dist/, preflight refused to run the older build, and said why" ;;
  *) echo "check-deploy: with a source newer than dist/, preflight --help failed without saying why:"; echo "$output"; exit 1 ;;
esac
# The web command goes through the same launcher: give the source its time of the build back.
touch -r "$work/built-source-time" src/main.ts

web=$(sed -n 's/^web: *//p' Procfile)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# Text messages on, with limits in a Redis that is not there: the Redis client must load from the
# pruned deploy, and the line must still answer (with the store down).
no_redis=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
echo "check-deploy: starting \"$web\" on port $port without devDependencies"
env -i PATH="$PATH" HOME="$work" NODE_ENV=production PORT="$port" TWILIO_AUTH_TOKEN=deploy-check-token \
  PUBLIC_BASE_URL=https://hotline.example.org HOTLINE_NUMBER=+4721000000 LOG_LEVEL=warn \
  TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef SMS_FROM=Info LOG_HASH_KEY=deploy-check-log-hash-key \
  REDIS_URL="redis://127.0.0.1:$no_redis" bash -c "exec $web" >"$work/server.log" 2>&1 &
server_pid=$!

healthy='r.status===200&&b.textMessageLimits?.store==="redis"'
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then(async r=>{const b=await r.json();process.exit($healthy?0:1)},()=>process.exit(1))"; then
    echo "check-deploy: GET /healthz answered 200, with the text-message limits in Redis (down, as none runs there)"
    exit 0
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
echo "check-deploy: the deployed server did not answer GET /healthz; its output:"
cat "$work/server.log"
exit 1
