#!/usr/bin/env bash
# CI: the benchmark tripwire (tests/benchmarks/tripwire.py) at a small size: fails only when a
# figure is more than 3x its baseline in tests/benchmarks/baselines.json (about 1-2 minutes).
# Run after the tests by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
timeout 600 .venv/bin/python tests/benchmarks/tripwire.py
