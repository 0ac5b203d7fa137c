-- Every model key given so far (a new model's key must be none of them).
SELECT DISTINCT model_key FROM observations
