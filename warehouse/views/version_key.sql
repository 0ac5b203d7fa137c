-- '1.10.0' sorts after '1.9.3': compare versions as lists of integers, not as strings.
CREATE OR REPLACE MACRO version_key(v) AS list_transform(string_split(v, '.'), lambda x: TRY_CAST(x AS INTEGER));
