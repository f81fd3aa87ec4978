#!/usr/bin/env bash
# Wall times of the three things people wait for: a clean `make book`, a second
# `make book` with nothing changed (execution cache), and `make test`.
# Run from the repository root; writes bench/build_times.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make install >/dev/null

seconds() { local start=$SECONDS; "$@" >/dev/null 2>&1; echo $((SECONDS - start)); }

rm -rf _build
clean=$(seconds make book)
cached=$(seconds make book)
tests=$(seconds make test)

{
  echo "# Build and test wall times"
  echo
  echo "Measured by \`bench/build_times.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB of memory, $(python3 --version)."
  echo
  echo "| What | Wall time (s) |"
  echo "| --- | --- |"
  echo "| clean \`make book\` (executes every chapter) | $clean |"
  echo "| second \`make book\`, nothing changed | $cached |"
  echo "| \`make test\` (book cached; whole suite) | $tests |"
} > bench/build_times.md
cat bench/build_times.md
