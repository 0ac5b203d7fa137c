-- What migrate last created: each view and macro, and the dictionary of comments, by the sha256 of its text.
SELECT name, kind, sha256 FROM schema_objects
