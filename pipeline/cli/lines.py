"""What a run prints: a line per page as it is decided, the summary, held boards, deliveries.

Lines go to stdout flushed, so a run killed later has already said what it did; failures go to
stderr too, where cron mails and log collectors look. Text from a page is made safe first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from ..outputs.display import safe
from ..outputs.notify import Delivery
from ..runs.outcomes import PageOutcome, exit_status
from ..runs.planning import BackfillReport


def print_delivery(delivery: Delivery) -> None:
    """A delivery is told in one line; a failure is a warning, never the run's failure."""
    label = safe(delivery.target.label)
    if not delivery.delivered:
        print(f"warning: notification to {label} not delivered ({safe(delivery.reason)}); its {delivery.events} event(s) "
              "stay pending and go out with the next run", file=sys.stderr, flush=True)
        return
    if delivery.reason:
        print(f"warning: notification to {label}: {safe(delivery.reason)}", file=sys.stderr, flush=True)
    print(f"notified {label}: {delivery.events} event(s)", flush=True)


def report_line(o: PageOutcome) -> str:
    if o.failed:
        # The page alone: why is said once, on stderr (the error line), where cron and logs look.
        return f"FAILED     {safe(o.source)}"
    if o.status == "unchanged" and o.snapshot_id is None:
        return f"{o.status:<10} not modified since the last fetch (HTTP 304)  {safe(o.source)}"
    when = o.captured_at.isoformat() if o.captured_at else "?"
    boards = "+".join(o.tiers) or "-"
    warn = f", {len(o.warnings)} warning(s)" if o.warnings else ""
    held = f", {len(o.held)} board(s) HELD" if o.held else ""
    how = "as stored, from" if o.status == "unchanged" else "from"
    return (f"{o.status:<10} {boards:<10} {o.rows:>3} rows  snapshot {o.snapshot_id}  "
            f"captured {when} ({how} {o.capture_time_source}){warn}{held}  {safe(o.source)}")


def print_page_lines(outcomes: Sequence[PageOutcome], verbose: bool) -> None:
    """A line per page on stdout, flushed (a run killed later has said what it did); its
    warnings on stderr with --verbose."""
    for o in outcomes:
        print(report_line(o), flush=True)
        if o.failed:
            # Failures on stderr too: cron mails and log collectors read stderr.
            print(f"error: {safe(o.error)}", file=sys.stderr, flush=True)
        for note in o.capture_notes:
            print(f"warning: {safe(note)}", file=sys.stderr, flush=True)
        if verbose:
            for warning in o.warnings:
                print(f"  warning: {safe(warning)}", file=sys.stderr, flush=True)


def page_printer(verbose: bool) -> Callable[[PageOutcome], None]:
    """Prints each page's line as the job decides it. A reader that went away never stops the
    job: the lines stop, the pages still load, and the closed pipe is met again by the summary."""
    closed = False

    def print_page(done: PageOutcome) -> None:
        nonlocal closed
        if closed:
            return
        try:
            print_page_lines([done], verbose)
        except BrokenPipeError:
            closed = True

    return print_page


def print_summary(outcomes: Sequence[PageOutcome]) -> int:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("loaded", "unchanged", "failed")}
    print(f"{len(outcomes)} page(s): {counts['loaded']} loaded, {counts['unchanged']} unchanged, {counts['failed']} failed")
    print_held(outcomes)
    return exit_status(outcomes)


def print_held(outcomes: Sequence[PageOutcome]) -> None:
    """Boards this run held back, one line each on stderr (a held board makes the run exit 1)."""
    for o in outcomes:
        for reason in o.held:
            print(f"error: held: {safe(reason)}", file=sys.stderr)


def print_outcomes(outcomes: Sequence[PageOutcome], verbose: bool) -> int:
    """Every page's line, then the summary: for runs that report at their end (Prefect flows)."""
    print_page_lines(outcomes, verbose)
    return print_summary(outcomes)


def summary_lines(report: BackfillReport, *, dry_run: bool) -> list[str]:
    counts: dict[str, int] = {}
    for p in report.planned:
        counts[p.state] = counts.get(p.state, 0) + 1
    found = f"{len(report.planned)} capture(s) found: " + (", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "none")
    lines = [found] + [f"note: {n}" for n in report.notes]
    if dry_run:
        return lines
    failed = report.failed
    loaded = sum(o.status == "loaded" for o in report.outcomes)
    lines.append(f"{loaded} loaded, {sum(o.status == 'unchanged' for o in report.outcomes)} unchanged, {len(failed)} failed")
    lines += [f"failed: {o.error}" for o in failed]  # each error names its URL (and so the capture time)
    lines += [f"held: {reason}" for o in report.outcomes for reason in o.held]
    return lines
