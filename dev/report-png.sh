#!/usr/bin/env bash
# Renders an irqlab HTML report (irqlab run SCENARIO --html FILE) to a PNG with headless Chromium,
# to look at it or attach it to an issue. Needs Debian's chromium package (apt-get install chromium);
# CI does not run this.
#
#   dev/report-png.sh report.html report.png [WIDTH] [HEIGHT]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH] [HEIGHT]" >&2
  exit 2
fi
html="$(realpath "$1")"
out="$(realpath -m "$2")"
width="${3:-1100}"
height="${4:-3000}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "$0: chromium not found (Debian: apt-get install chromium)" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: root in a container has no user namespaces for the sandbox; the page is our own file.
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --hide-scrollbars \
  --window-size="$width,$height" --screenshot="$out" "file://$html" 2>/dev/null
echo "$out"
