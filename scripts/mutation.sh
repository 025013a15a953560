#!/usr/bin/env bash
# Mutation testing of core/ and training/ with mutmut (pinned in the dev extra; not run in CI).
# Each mutant runs only the fast tests that execute the function it changes ([tool.mutmut] in pyproject.toml).
#
#   scripts/mutation.sh core.atomic training.schedule   # the mutants of these modules (minutes)
#   scripts/mutation.sh                                 # every module of core/ and training/ (a day on 2 cores)
#
# Then: a score per module and package, and the surviving mutants (python scripts/mutation_report.py), or
# `mutmut show NAME` for one. Results accumulate in mutants/ (git-ignored); delete it to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
export QT_QPA_PLATFORM=offscreen
patterns=()
for module in "$@"; do
  patterns+=("${module}.*")
done
mutmut run "${patterns[@]}" || true  # mutmut's status says nothing about the score; the report does
python scripts/mutation_report.py "$@"
