#!/usr/bin/env bash
# Install PostgreSQL 15 (Debian) and pgvector (built from ../shared/vendor) unless they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
pgbin=/usr/lib/postgresql/15/bin
packages=()
if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_config" ]; then
  packages+=(postgresql-15)
fi
# pgvector is built against the server's headers: a machine may have the server without them.
vector_installed() { [ -x "$pgbin/pg_config" ] && [ -f "$("$pgbin/pg_config" --sharedir)/extension/vector.control" ]; }
server_headers() { [ -x "$pgbin/pg_config" ] && [ -f "$("$pgbin/pg_config" --includedir-server)/postgres.h" ]; }
if ! vector_installed && ! server_headers; then
  packages+=(postgresql-server-dev-15)
fi
# pgvector's build needs a C compiler and make (usually there already).
command -v gcc >/dev/null || packages+=(gcc)
command -v make >/dev/null || packages+=(make)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if ! vector_installed; then
  echo "building pgvector 0.8.6 from ../shared/vendor"
  tarball=../shared/vendor/pgvector-0.8.6.tar.gz
  (cd ../shared/vendor && sha256sum --check --ignore-missing SHA256SUMS)
  build="$(mktemp -d)"
  tar -xzf "$tarball" -C "$build"
  make -s -C "$build/pgvector-0.8.6" PG_CONFIG="$pgbin/pg_config" >/dev/null
  make -s -C "$build/pgvector-0.8.6" PG_CONFIG="$pgbin/pg_config" install >/dev/null
  rm -rf "$build"
fi
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') with pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$("$pgbin/pg_config" --sharedir)/extension/vector.control")"
