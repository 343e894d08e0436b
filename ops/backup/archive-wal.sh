#!/usr/bin/env bash
# PostgreSQL archive_command for Delegate (security.md R37: continuous WAL archiving).
#   archive_command = '/opt/delegate/ops/backup/archive-wal.sh %p %f /srv/delegate-wal'
# Never overwrites a segment; the copy is flushed before it takes its final name, so a crash
# leaves either no file or a whole one. A non-zero exit makes PostgreSQL retry the segment.
set -euo pipefail
src=$1 name=$2 dir=$3
[ -f "$dir/$name" ] && { cmp -s "$src" "$dir/$name" && exit 0; echo "archive-wal: $name exists with other content" >&2; exit 1; }
cp "$src" "$dir/.$name.partial"
sync "$dir/.$name.partial"
mv "$dir/.$name.partial" "$dir/$name"
sync "$dir"
