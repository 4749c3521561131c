#!/usr/bin/env bash
# Fetches the GraphiQL page's scripts and styles that the server embeds
# (api/assets/graphiql/), from npm, at the pinned versions, and checks them
# against api/assets/graphiql/SHA256SUMS. Run it only to change versions
# (then update the sums and the versions here); building and testing never
# need the network: the files are in the repository.
#
#   ops/vendor/graphiql.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target=api/assets/graphiql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packages=(graphiql@3.8.3 react@18.3.1 react-dom@18.3.1 graphql-ws@5.16.0)
(cd "$work" && npm pack --silent "${packages[@]}" >/dev/null)
for archive in "$work"/*.tgz; do
  mkdir -p "${archive%.tgz}"
  tar xzf "$archive" -C "${archive%.tgz}"
done
cp "$work"/graphiql-3.8.3/package/graphiql.min.{js,css} \
   "$work"/react-18.3.1/package/umd/react.production.min.js \
   "$work"/react-dom-18.3.1/package/umd/react-dom.production.min.js \
   "$work"/graphql-ws-5.16.0/package/umd/graphql-ws.min.js \
   "$target/"
{
  for package in graphiql-3.8.3 graphql-ws-5.16.0 react-18.3.1 react-dom-18.3.1; do
    echo "==== $package (npm)"
    cat "$work/$package"/package/LICENSE*
    echo
  done
} > "$target/LICENSES"
(cd "$target" && sha256sum --check SHA256SUMS)
