"""Commands that read and write nothing: a page without a database (parse), and the warehouse."""
