"""Commands that write beside the jobs: accept, retract, publish, export, report, and notify (a test message)."""
