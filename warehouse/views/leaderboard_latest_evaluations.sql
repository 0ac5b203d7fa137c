-- The newest boards, one column per evaluation. PIVOT in a view needs its columns named: these
-- are the evaluations the parser reads (parsers.board.EVALUATION_KEYS and the omniscience
-- breakdown; a test keeps the two lists equal). A score under another name stays in
-- evaluation_history, and other_evaluations names it here.
CREATE OR REPLACE VIEW leaderboard_latest_evaluations AS
WITH latest_scores AS (
    SELECT e.tier, e.snapshot_id, e.model_key, e.evaluation, e.score
    FROM evaluation_history e
    JOIN leaderboard_latest l USING (tier, snapshot_id, model_key)
),
wide AS (
    PIVOT latest_scores
    ON evaluation IN ('gdpval', 'gdpvalNormalized', 'tau2', 'tauBanking', 'terminalbenchHard', 'terminalbenchV21',
                      'scicode', 'lcr', 'ifbench', 'hle', 'gpqa', 'critpt', 'omniscience', 'mmmuPro',
                      'livecodebench', 'aime25', 'itBenchSre', 'apexAgents', 'codingIndex', 'agenticIndex',
                      'omniscienceAccuracy', 'omniscienceHallucinationRate')
    USING first(score)
    GROUP BY tier, snapshot_id, model_key
),
others AS (
    SELECT tier, snapshot_id, model_key, list(evaluation ORDER BY evaluation) AS other_evaluations
    FROM latest_scores
    WHERE evaluation NOT IN ('gdpval', 'gdpvalNormalized', 'tau2', 'tauBanking', 'terminalbenchHard', 'terminalbenchV21',
                             'scicode', 'lcr', 'ifbench', 'hle', 'gpqa', 'critpt', 'omniscience', 'mmmuPro',
                             'livecodebench', 'aime25', 'itBenchSre', 'apexAgents', 'codingIndex', 'agenticIndex',
                             'omniscienceAccuracy', 'omniscienceHallucinationRate')
    GROUP BY ALL
)
SELECT l.tier, l.rank, l.model, l.model_key, l.snapshot_id, l.captured_at, l.index_version, l.intelligence_index,
       w.gdpval, w.gdpvalNormalized, w.tau2, w.tauBanking, w.terminalbenchHard, w.terminalbenchV21,
       w.scicode, w.lcr, w.ifbench, w.hle, w.gpqa, w.critpt, w.omniscience, w.mmmuPro,
       w.livecodebench, w.aime25, w.itBenchSre, w.apexAgents, w.codingIndex, w.agenticIndex,
       w.omniscienceAccuracy, w.omniscienceHallucinationRate,
       coalesce(x.other_evaluations, []::VARCHAR[]) AS other_evaluations
FROM leaderboard_latest l
LEFT JOIN wide w USING (tier, snapshot_id, model_key)
LEFT JOIN others x USING (tier, snapshot_id, model_key);
