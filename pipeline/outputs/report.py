"""`aa-leaderboards report`: one self-contained HTML file with each board's table and charts.

plotly.js is inlined once, so the file opens offline; every chart is a plain <div> it fills.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from parsers.boards import BOARDS_BY_NAME, TIERS
from warehouse.db import open_warehouse
from warehouse.queries import report_data

from ..files import atomic_write, sweep_temporaries, temporaries_of
from .display import format_number, minute, safe

# The score history follows this many of the board's current top models.
HISTORY_TOP = 10
MOE_STYLE = {True: ("Mixture of experts", "diamond", "#d62728"), False: ("Dense", "circle", "#1f77b4")}


def chart_text(text: str) -> str:
    """Text from a page as Plotly shows text, never as markup: Plotly draws <a href>, <br>,
    <span style> and friends found in names, legends and hover labels, and reads entities back
    to the characters they stand for, so '&', '<' and '>' are written as entities. Controls and
    bidi overrides are '?', as in every other output."""
    return safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_text(value: object) -> str:
    """Text from a page in the report's HTML: escaped, and its controls and bidi overrides (U+202E
    would show a name backwards, ESC and BEL are no text) shown as '?', as in every other output."""
    return html.escape(safe(value))



def log_ticks(values: list[float]) -> tuple[list[float], list[str]]:
    """Ticks at 1, 2 and 5 of each power of ten across the values, labelled in full ("0.05",
    "20"), where Plotly's own log ticks read "9 10 2 3 4"."""
    low, high = min(values), max(values)
    ticks: list[float] = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for step in (1, 2, 5):
            tick = step * 10.0 ** exponent
            if low / 2.5 <= tick <= high * 2.5:
                ticks.append(tick)
    return ticks, [f"{t:.10g}" for t in ticks]


def _unplaced_note(reasons: Counter[str], total: int) -> str:
    if not reasons:
        return f"all {total} models placed"
    missing = sum(reasons.values())
    return f"{missing} of {total} models not placed: " + ", ".join(f"{n} {why}" for why, n in reasons.most_common())


def _scatter(board: list[dict[str, Any]], x_field: str, x_title: str, x_missing: str, title: str,
             label_top: int = 5) -> tuple[go.Figure, str]:
    """Intelligence against one figure of the board on a log axis, the board's top models named
    on the chart; returns the figure and the note of how many models it could not place and why."""
    figure = go.Figure()
    reasons: Counter[str] = Counter()
    placed: list[dict[str, Any]] = []
    for row in board:
        if row["intelligence_index"] is None:
            reasons["with no intelligence index"] += 1
        elif row[x_field] is None or row[x_field] <= 0:
            reasons[x_missing] += 1  # a log axis has no place for none or zero
        else:
            placed.append(row)
    for moe, (label, symbol, colour) in MOE_STYLE.items():
        points = [r for r in placed if bool(r["is_moe"]) == moe]
        figure.add_trace(go.Scatter(
            x=[r[x_field] for r in points], y=[r["intelligence_index"] for r in points], mode="markers", name=label,
            marker={"symbol": symbol, "size": 10, "color": colour, "line": {"width": 1, "color": "white"}},
            text=[chart_text(f"{r['model']} ({r['creator'] or '?'})") for r in points],
            hovertemplate="%{text}<br>" + x_title + ": %{x}<br>Intelligence: %{y}<extra></extra>",
        ))
    for row in sorted(placed, key=lambda r: r["rank"])[:label_top]:
        figure.add_annotation(x=math.log10(row[x_field]), y=row["intelligence_index"], text=chart_text(row["model"]),
                              showarrow=True, arrowhead=0, arrowwidth=1, ax=0, ay=-22, font={"size": 10})
    note = _unplaced_note(reasons, len(board))
    figure.update_layout(title={"text": f"{title}<br><sub>{note}; top {label_top} named</sub>"},
                         xaxis_title=x_title, yaxis_title="Intelligence Index", height=480,
                         margin={"l": 60, "r": 20, "t": 80, "b": 60}, legend={"orientation": "h", "y": -0.2})
    figure.update_xaxes(type="log")
    if placed:
        values, labels = log_ticks([r[x_field] for r in placed])
        figure.update_xaxes(tickmode="array", tickvals=values, ticktext=labels)
    return figure, note


def history_series(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One series per model_key: its points in capture order, with a gap (None) wherever the
    index version changes, so no line joins values on two scales; a missing index is a gap too."""
    series: dict[str, dict[str, Any]] = {}
    for row in history:
        line = series.setdefault(row["model_key"], {"name": row["model"], "x": [], "y": [], "version": [], "breaks": 0})
        if line["version"] and line["version"][-1] is not None and line["version"][-1] != row["index_version"]:
            line["x"].append(row["captured_at"])
            line["y"].append(None)
            line["version"].append(None)
            line["breaks"] += 1
        line["x"].append(row["captured_at"])
        line["y"].append(row["intelligence_index"])
        line["version"].append(row["index_version"])
    return list(series.values())


def _history(history: list[dict[str, Any]], methodology: list[dict[str, Any]], top: int) -> tuple[go.Figure, str]:
    figure = go.Figure()
    for change in methodology:
        # A dashed line where the index was re-based: points either side are on different scales.
        figure.add_shape(type="line", x0=change["captured_at"], x1=change["captured_at"], yref="paper", y0=0, y1=1,
                         line={"dash": "dash", "color": "#888"})
        figure.add_annotation(x=change["captured_at"], yref="paper", y=1.0, showarrow=False, yanchor="bottom",
                              text=f"Index v{change['old_value']} \u2192 v{change['new_value']}: not comparable across")
    lines = history_series(history)
    for line in lines:
        figure.add_trace(go.Scatter(
            x=line["x"], y=line["y"], customdata=[v or "" for v in line["version"]], mode="lines+markers",
            name=chart_text(line["name"]), connectgaps=False,
            hovertemplate=chart_text(line["name"]) + "<br>%{x|%Y-%m-%d %H:%M} UTC<br>Index v%{customdata}: %{y}<extra></extra>"))
    # Breaks at a version change only: a snapshot without an index is a gap, not a break.
    breaks = sum(line["breaks"] for line in lines)
    note = f"the board's top {top} models now, one line each (legend)"
    if methodology:
        note += f"; no line crosses an index change ({breaks} broken): the scales differ"
    figure.update_layout(title={"text": f"Intelligence Index over time<br><sub>{note}</sub>"}, xaxis_title="Captured (UTC)",
                         yaxis_title="Intelligence Index", height=500, margin={"l": 60, "r": 160, "t": 80, "b": 60})
    figure.update_xaxes(tickformat="%Y-%m-%d %H:%M", hoverformat="%Y-%m-%d %H:%M")
    return figure, note


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return minute(value)
    if isinstance(value, float):
        return format_number(value)
    return page_text(value)


def _table(board: list[dict[str, Any]]) -> str:
    head = ("#", "Model", "Creator", "Index", "Total B", "Active B", "Context", "$ / 1M", "Tokens/s")
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in (
            r["rank"], page_text(r["model"]), page_text(r["creator"] or "-"), _fmt(r["intelligence_index"]),
            _fmt(r["total_params_b"]), _fmt(r["active_params_b"]), _fmt(r["context_window_tokens"]),
            _fmt(r["blended_price_usd_per_1m"]), _fmt(r["output_tokens_per_s"]))) + "</tr>"
        for r in board)
    return f'<table class="board"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead><tbody>{rows}</tbody></table>'


def _events(events: list[dict[str, Any]]) -> str:
    if not events:
        return "<p>No model entered or left between snapshots.</p>"
    rows = "".join(f"<tr><td>{_fmt(e['captured_at'])}</td><td>{e['change']}</td><td>{page_text(e['model'])}</td></tr>" for e in events)
    return f'<table class="events"><thead><tr><th>Captured</th><th>Change</th><th>Model</th></tr></thead><tbody>{rows}</tbody></table>'


def _chart(figure: go.Figure, chart_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=chart_id,
                          config={"displaylogo": False, "responsive": True})


def render(db_path: Path, *, lock_timeout_s: float = 30.0) -> tuple[str, int]:
    """The report's HTML and the number of charts in it."""
    sections: list[str] = []
    charts = 0
    with open_warehouse(db_path, read_only=True, lock_timeout_s=lock_timeout_s) as con:
        data = {tier: report_data(con, tier, top=HISTORY_TOP) for tier in TIERS}
    for tier in TIERS:
        title = html.escape(BOARDS_BY_NAME[tier].title)
        board = data[tier]["board"]
        if not board:
            sections.append(f"<section><h2>{title}</h2><p>No snapshot yet.</p></section>")
            continue
        parts = [f"<section><h2>{title}</h2>",
                 f"<p>{len(board)} models, captured {_fmt(board[0]['captured_at'])}; {data[tier]['snapshots']} snapshot(s) in the history.</p>"]
        figures = [
            _scatter(board, "total_params_b", "Total parameters (billions, log scale)", "with no parameter count",
                     "Intelligence vs total parameters"),
            _scatter(board, "active_params_b", "Active parameters (billions, log scale)", "with no parameter count",
                     "Intelligence vs active parameters"),
            _scatter(board, "blended_price_usd_per_1m", "Blended price (USD per 1M tokens, log scale)",
                     "with no price shown ('-' on the board)", "Intelligence vs price"),
        ]
        if data[tier]["snapshots"] > 1:
            figures.append(_history(data[tier]["history"], data[tier]["methodology"], HISTORY_TOP))
        for number, (figure, note) in enumerate(figures, start=1):
            # The note again below the chart, in the page's own text: it prints, and it reads without script.
            parts.append(f'<div class="chart">{_chart(figure, f"{tier}-chart-{number}")}'
                         f'<p class="note">{page_text(note)}</p></div>')
        charts += len(figures)
        if data[tier]["snapshots"] > 1:
            parts.append("<h3>Entered, left and methodology changes</h3>" + _events(data[tier]["events"]))
        parts.append("<h3>The board</h3>" + _table(board) + "</section>")
        sections.append("".join(parts))
    generated = minute(dt.datetime.now(dt.UTC))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>aa-leaderboards report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.85rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }}
.chart {{ margin: 1rem 0; }}
.note {{ color: #555; font-size: 0.85rem; margin: 0 0 0 60px; }}
</style>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>Artificial Analysis open-weights leaderboards</h1>
<p>From {page_text(db_path)}, generated {generated}. Mixture-of-experts models are drawn as red diamonds.</p>
{"".join(sections)}
</body></html>
"""
    return page, charts


def write_report(db_path: Path, out: Path, *, lock_timeout_s: float = 30.0) -> tuple[Path, int]:
    page, charts = render(db_path, lock_timeout_s=lock_timeout_s)
    sweep_temporaries(out.parent, temporaries_of(out.name))  # a killed report's: this file's only
    atomic_write(out, page.encode("utf-8"))
    return out, charts
