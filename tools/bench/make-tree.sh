#!/usr/bin/env bash
# A built copy of the benchmarked packages at a git revision, for the "before" subject of
# http/ab.mjs and http/callgrind.mjs:  bash tools/bench/make-tree.sh <rev> <dir>
# The copy resolves @dd-otel/* to its own packages and everything else to this tree's
# node_modules (symlinks), so only dd-otel's code differs between the subjects.
set -euo pipefail
rev=${1:?usage: make-tree.sh <rev> <dir>}
dir=${2:?usage: make-tree.sh <rev> <dir>}
repo=$(cd "$(dirname "$0")/../.." && pwd)
packages=(core express fastify nestjs)
rm -rf "$dir"
mkdir -p "$dir/node_modules/@dd-otel"
git -C "$repo" archive "$rev" "${packages[@]/#/packages/}" tools/bench tsconfig.base.json | tar -x -C "$dir"
for entry in "$repo"/node_modules/* "$repo"/node_modules/.bin; do
  name=$(basename "$entry")
  [ "$name" = "@dd-otel" ] || ln -s "$entry" "$dir/node_modules/$name"
done
for package in "${packages[@]}"; do
  ln -s "$dir/packages/$package" "$dir/node_modules/@dd-otel/$package"
  (cd "$dir/packages/$package" && "$repo/node_modules/.bin/tsup" >/dev/null)
done
echo "built $rev into $dir"
