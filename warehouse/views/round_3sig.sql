-- The board's display rounding: three significant figures (262144 -> 262000, 27.78 -> 27.8).
CREATE OR REPLACE MACRO round_3sig(x) AS CASE WHEN x IS NULL OR x = 0 THEN x
    ELSE round(x, (2 - floor(log10(abs(x))))::INTEGER) END;
