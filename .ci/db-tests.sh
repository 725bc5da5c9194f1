#!/usr/bin/env bash
# The test files CI runs a second time on PostgreSQL, one per line: every test that gets its
# database from test-support/database (directly, or through test-support/app-database for route
# tests), and the PostgreSQL schema drift check.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  grep -rl --include='*.test.ts' -e 'test-support/database' -e 'test-support/app-database' app lib scripts
  echo scripts/sync-postgres-schema.test.ts
} | sort -u
