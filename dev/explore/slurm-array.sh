#!/usr/bin/env bash
# Runs the shards of one exploration as a Slurm job array: task k explores shard k/N. Submit from the
# repository root (after './irqlab --version' has built cli/target/irqlab.jar):
#   sbatch --array=0-7 dev/explore/slurm-array.sh scenarios/explore/elan-i2c-ranged-arm64-irqfd-mask-notifier.yaml
# then merge (exit status 1 if any shard found a violation):
#   ./irqlab explore-merge explore-results/shard-*.json
# Extra explore options go after the scenario. The shard count is the array's size. Each task's log is
# irqlab-explore-JOB_TASK.out in the submit directory (Slurm opens it before the script runs, so it
# cannot lie in explore-results/, which the script creates).
#SBATCH --job-name=irqlab-explore
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --output=irqlab-explore-%A_%a.out
set -euo pipefail
scenario="${1:?usage: sbatch --array=0-(N-1) dev/explore/slurm-array.sh SCENARIO [explore options]}"
shift
index="${SLURM_ARRAY_TASK_ID:?not inside a Slurm array job}"
count="${SLURM_ARRAY_TASK_COUNT:?not inside a Slurm array job}"
mkdir -p explore-results
status=0
java -jar cli/target/irqlab.jar explore "$scenario" --quiet "$@" --shard "$index/$count" \
    --json "explore-results/shard-$index.json" --out "explore-results/counterexample-$index" || status=$?
# 1 means this shard found a violation: a result, not a failure of the task.
[ "$status" -le 1 ]
