-- A mistake can be taken back: a retracted snapshot (a page misdated, a page that was not what it
-- seemed) leaves every view, change, feed, export and report; its raw page stays archived and its
-- rows stay in the tables. board_snapshots, the base of every analyst view, leaves it out.
CREATE TABLE retractions (
    snapshot_id   BIGINT NOT NULL,
    reason        VARCHAR NOT NULL,
    retracted_at  TIMESTAMPTZ NOT NULL,
    undone_at     TIMESTAMPTZ,
    PRIMARY KEY (snapshot_id, retracted_at)
);
