-- The newest parser version, chosen per board of each snapshot: a newer parser that reads fewer
-- boards of a page (or a page loaded with --tier) never hides the boards it did not read.
CREATE OR REPLACE VIEW current_parser_versions AS
SELECT snapshot_id, max_by(parser_version, version_key(parser_version)) AS parser_version, tier
FROM boards
GROUP BY snapshot_id, tier;
