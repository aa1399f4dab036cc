#!/usr/bin/env bash
# Writes every output of every shipped scenario, and the matrix, into DIR, so that two trees can be
# compared byte for byte (a refactoring keeps them identical; a rule change names what moved).
#   dev/golden.sh DIR            # after: diff -r DIR_BEFORE DIR_AFTER
# Builds the CLI jar of this tree first (no install into ~/.m2).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: dev/golden.sh DIR}"
mkdir -p "$out"
(cd "$here" && mvn -B -q -ntp -Dstyle.color=never -DskipTests -pl cli -am package) >&2
jar="$here/cli/target/irqlab.jar"
for f in "$here"/scenarios/*.yaml; do
  n="$(basename "$f" .yaml)"
  (cd "$here" && java -jar "$jar" run "scenarios/$n.yaml" --json "$out/$n.result.json" --vcd "$out/$n.vcd" \
      --chrome-trace "$out/$n.chrome.json" --trace "$out/$n.jsonl" --csv "$out/$n.result.csv" \
      --log "$out/$n.log" --html "$out/$n.html" > "$out/$n.summary.txt" 2>&1) || echo "exit $? for $n" >> "$out/$n.summary.txt"
done
(cd "$here" && java -jar "$jar" matrix --events 50 --json "$out/matrix.json" --csv "$out/matrix.csv" > "$out/matrix.txt" 2>&1) || echo "exit $?" >> "$out/matrix.txt"
echo "golden outputs in $out ($(ls "$out" | wc -l) files)" >&2
