#!/usr/bin/env bash
# Daily base backup (security.md R37): a plain-format copy of the cluster with the WAL needed to
# make it consistent, taken over a replication connection.
#   ops/backup/base-backup.sh postgres://backup@db-host/postgres /srv/delegate-base/2026-11-29
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: base-backup.sh REPLICATION_URL OUT_DIR" >&2; exit 64; fi
url=$1 out=$2
bin=${PG_BIN:-$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_basebackup | sort -V | tail -n 1)")}
[ -e "$out" ] && { echo "base-backup: $out already exists" >&2; exit 73; }
"$bin/pg_basebackup" -d "$url" -D "$out" -Fp -X stream --checkpoint=fast --manifest-checksums=SHA256
"$bin/pg_verifybackup" -n "$out" >/dev/null
echo "base backup written and verified: $out"
