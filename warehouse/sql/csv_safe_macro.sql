-- Text a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
-- return) gets a leading apostrophe in CSV exports, which spreadsheets show and never run.
CREATE OR REPLACE TEMP MACRO csv_safe(t) AS
    CASE WHEN regexp_matches(t, '^[=+\-@\t\r]') THEN '''' || t ELSE t END;
