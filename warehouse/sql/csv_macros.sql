-- Text a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
-- return) gets a leading apostrophe in CSV exports, which spreadsheets show and never run.
CREATE OR REPLACE TEMP MACRO csv_safe(t) AS
    CASE WHEN regexp_matches(t, '^[=+\-@\t\r]') THEN '''' || t ELSE t END;
-- A time as ISO 8601 in UTC with its zone, as every other output writes it: 2026-07-31T01:13:53+00:00
-- (fractions of a second only where there are any).
CREATE OR REPLACE TEMP MACRO iso_utc(t) AS
    CASE WHEN microsecond(t) % 1000000 = 0 THEN strftime(timezone('UTC', t), '%Y-%m-%dT%H:%M:%S')
         ELSE strftime(timezone('UTC', t), '%Y-%m-%dT%H:%M:%S.%f') END || '+00:00';
