#!/usr/bin/env bash
# Fetches axe-core, the accessibility checker the page tests run inside the
# browser (tests/vendor/axe-core/), from npm at the pinned version, and
# checks it against tests/vendor/axe-core/SHA256SUMS. Run it only to change
# versions (then update the sums and the version here); building and testing
# never need the network: the file is in the repository. Only the tests use
# it; the server never serves it.
#
#   ops/vendor/axe-core.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target=tests/vendor/axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=4.14.1
(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null)
tar xzf "$work/axe-core-$version.tgz" -C "$work"
cp "$work/package/axe.min.js" "$target/"
cp "$work/package/LICENSE" "$target/LICENSE"
(cd "$target" && sha256sum --check SHA256SUMS)
