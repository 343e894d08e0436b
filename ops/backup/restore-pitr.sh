#!/usr/bin/env bash
# Point-in-time restore to a fresh instance (security.md R37). Copies a base backup into an empty
# data directory and configures recovery from the WAL archive up to a time or a named restore
# point, after which the instance promotes. Start it with pg_ctl; then run `delegate audit
# verify` and compare row counts with the source at the target.
#   ops/backup/restore-pitr.sh BASE_DIR WAL_ARCHIVE NEW_DATA_DIR --time '2026-11-29 03:00:00+00'
#   ops/backup/restore-pitr.sh BASE_DIR WAL_ARCHIVE NEW_DATA_DIR --name before-upgrade
set -euo pipefail
if [ $# -ne 5 ] || { [ "$4" != --time ] && [ "$4" != --name ]; }; then
  echo "usage: restore-pitr.sh BASE_DIR WAL_ARCHIVE NEW_DATA_DIR (--time TIMESTAMP | --name RESTORE_POINT)" >&2
  exit 64
fi
base=$1 archive=$2 target=$3 kind=$4 value=$5
[ -f "$base/PG_VERSION" ] || { echo "restore-pitr: $base is not a base backup" >&2; exit 66; }
[ -d "$archive" ] || { echo "restore-pitr: no WAL archive at $archive" >&2; exit 66; }
if [ -e "$target" ] && [ -n "$(ls -A "$target")" ]; then echo "restore-pitr: $target is not empty" >&2; exit 73; fi
case $value in *"'"*) echo "restore-pitr: the target may not contain a quote" >&2; exit 64;; esac
mkdir -p "$target"
cp -a "$base/." "$target/"
chmod 700 "$target"
rm -f "$target/postmaster.pid"
{
  echo "restore_command = 'cp \"$archive/%f\" \"%p\"'"
  if [ "$kind" = --time ]; then echo "recovery_target_time = '$value'"; else echo "recovery_target_name = '$value'"; fi
  echo "recovery_target_action = 'promote'"
  # A restored instance must not write into the source's archive.
  echo "archive_mode = 'off'"
} >> "$target/postgresql.auto.conf"
touch "$target/recovery.signal"
echo "restore prepared in $target: start it with pg_ctl -D $target start"
