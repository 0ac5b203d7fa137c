"""Where pages come from: the live boards (fetch, robots.txt), saved files and their capture times, a web archive's captures (CDX)."""
