#!/usr/bin/env bash
# Browser end-to-end tests against the real stack serving the built app:
#   npm ci && npm run build && bash e2e/run.sh [playwright args...]
# Starts rr_devstack on a free port with a fresh data dir, waits for /ready, runs the Playwright
# specs in Debian's chromium (installed with apt-get when missing and running as root), saves
# screenshots under test-results/, and stops the stack whatever happens. Notify's e-mail goes to a
# local SMTP server (aiosmtpd) that keeps each message in a maildir the specs read ($RR_MAILDIR).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
results=$here/test-results

[ -f "$here/dist/index.html" ] || { echo "e2e: no build in frontend/dist; run 'npm run build' first" >&2; exit 2; }
[ -x "$python" ] || { echo "e2e: $python not found; run 'make install' first" >&2; exit 2; }
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e: installing chromium with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "e2e: $chromium is missing; install Debian's chromium package" >&2; exit 2
  fi
fi

rm -rf "$results" && mkdir -p "$results/screenshots"
data=$(mktemp -d)
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# Many sign-ins from one address in a few minutes: relax the per-IP limits for this stack only.
export RR_GATEWAY_RATE_LIMIT_LOGIN=${RR_GATEWAY_RATE_LIMIT_LOGIN:-1000/minute}
export RR_GATEWAY_RATE_LIMIT_ANONYMOUS=${RR_GATEWAY_RATE_LIMIT_ANONYMOUS:-5000/minute}
export RR_GATEWAY_RATE_LIMIT_PASSWORD_RESET=${RR_GATEWAY_RATE_LIMIT_PASSWORD_RESET:-1000/minute}
smtp_port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
maildir=$data/mail
export RR_NOTIFY_EMAIL_ENABLED=true RR_NOTIFY_SMTP_HOST=127.0.0.1 RR_NOTIFY_SMTP_PORT=$smtp_port
export RR_NOTIFY_APP_URL=http://127.0.0.1:$port

cd "$repo"
t0=$SECONDS
"$python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$maildir" >"$results/smtp.log" 2>&1 &
smtp=$!
"$python" -m rr_devstack run --port "$port" --data-dir "$data" >"$results/stack.log" 2>&1 &
stack=$!
stop() {
  kill -TERM "$smtp" 2>/dev/null || true
  kill -TERM "$stack" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$stack" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$stack" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT INT TERM

base=http://127.0.0.1:$port
# 200 from /ready?all=true: every service, NATS and Redis answer (no curl needed on the machine).
ready() { "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/ready?all=true" >/dev/null 2>&1; }
deadline=$((t0 + 180))
until ready; do
  if ! kill -0 "$stack" 2>/dev/null; then echo "e2e: the stack exited; see $results/stack.log" >&2; tail -30 "$results/stack.log" >&2; exit 1; fi
  [ "$SECONDS" -lt "$deadline" ] || { echo "e2e: the stack was not ready in 180 s" >&2; tail -30 "$results/stack.log" >&2; exit 1; }
  sleep 0.5
done
echo "e2e: stack ready at $base after $((SECONDS - t0)) s"

cd "$here"
RR_BASE_URL=$base RR_MAILDIR=$maildir RR_STACK_LOG=$results/stack.log CHROMIUM_PATH=$chromium PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx --no-install playwright test "$@"
