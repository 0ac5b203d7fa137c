SELECT snapshot_id, content_sha256, archive_path FROM snapshots ORDER BY snapshot_id
