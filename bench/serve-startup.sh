#!/usr/bin/env bash
# Start-up and memory of `serve` as the launcher runs it, cold: milliseconds from the process start to the first
# answer of /health, the RSS then, and the RSS (and peak) after 2,000 sequential requests. See docs/api.md.
#
#   bench/serve-startup.sh [JAR] [LABEL]     (run from anywhere; needs var/analysis.duckdb from the README's first command)
#
# JAR defaults to target/ooni-analysis.jar; give an older build's jar to compare two in the same minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${1:-$here/target/ooni-analysis.jar}"
label="${2:-$(basename "$jar")}"
cd "$here"
[ -f var/analysis.duckdb ] || { echo "serve-startup: run the README's first command first (var/analysis.duckdb)" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$(mktemp)"
t0=$(date +%s%N)
OONI_ANALYSIS_JAR="$jar" bin/ooni-analysis --db duckdb:var/analysis.duckdb serve --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
tries=0
until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 3000 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "serve-startup: no answer from serve within 30 s; its log:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.01
done
t1=$(date +%s%N)
rss1=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
python3 - "$port" <<'PY'
import sys, urllib.request, urllib.error
port = sys.argv[1]
paths = ["/health", "/api/v1/test-list/urls?country_code=IT&limit=10", "/api/_/asnmeta?asn=3269", "/feeds/global.xml"]
for i in range(2000):
    try:
        urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, paths[i % 4])).read()
    except urllib.error.HTTPError as e:
        e.read()
PY
rss2=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
echo "$label: first answer after $(( (t1 - t0) / 1000000 )) ms; RSS then $((rss1 / 1024)) MB; after 2000 requests RSS $((rss2 / 1024)) MB, peak $((hwm / 1024)) MB"
