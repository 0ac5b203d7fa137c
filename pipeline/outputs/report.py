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
from warehouse.queries import board_of_snapshot, report_data

from ..files import atomic_write, sweep_temporaries, temporaries_of
from ..settings import Settings
from .board_diff import board_diff
from .display import format_number, minute, safe

# The history follows every model on the board now (the selector), and draws the biggest movers.
HISTORY_MODELS = 100_000
MOVERS = 8
# A scatter needs this many points to show a relation; with fewer, the report says so instead.
MIN_POINTS = 3
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


def _left_off(names: dict[str, list[str]]) -> str:
    """The models a chart could not place, named, by reason."""
    return "; ".join(f"{why}: {', '.join(models)}" for why, models in names.items())


def label_offsets(points: list[tuple[float, float]], *, near_x: float = 0.08, near_y: float = 1.5) -> list[int]:
    """Vertical offsets (pixels) for labels at these points (log10 x, index y), in order, so that
    labels of points close together stand apart instead of over each other: above, below, then
    further above and below."""
    steps = (-24, 26, -46, 48, -68, 70)
    placed: list[tuple[float, float, int]] = []
    offsets: list[int] = []
    for x, y in points:
        taken = {ay for px, py, ay in placed if abs(px - x) < near_x and abs(py - y) < near_y}
        ay = next((step for step in steps if step not in taken), steps[-1])
        placed.append((x, y, ay))
        offsets.append(ay)
    return offsets


def _scatter(board: list[dict[str, Any]], x_field: str, x_title: str, x_missing: str, title: str,
             label_top: int = 5) -> tuple[go.Figure | None, str]:
    """Intelligence against one figure of the board on a log axis, the board's top models named
    on the chart; returns the figure (None when too few models can be placed to show anything)
    and the note of which models it could not place and why."""
    figure = go.Figure()
    reasons: Counter[str] = Counter()
    names: dict[str, list[str]] = {}
    placed: list[dict[str, Any]] = []
    for row in board:
        if row["intelligence_index"] is None:
            why = "with no intelligence index"
        elif row[x_field] is None or row[x_field] <= 0:
            why = x_missing  # a log axis has no place for none or zero
        else:
            placed.append(row)
            continue
        reasons[why] += 1
        names.setdefault(why, []).append(row["model"])
    if len(placed) < MIN_POINTS:
        return None, (f"{title}: no chart, only {len(placed)} of {len(board)} models can be placed. "
                      f"Left off, {_left_off(names)}")
    for moe, (label, symbol, colour) in MOE_STYLE.items():
        points = [r for r in placed if bool(r["is_moe"]) == moe]
        figure.add_trace(go.Scatter(
            x=[r[x_field] for r in points], y=[r["intelligence_index"] for r in points], mode="markers", name=label,
            marker={"symbol": symbol, "size": 10, "color": colour, "line": {"width": 1, "color": "white"}},
            text=[chart_text(f"{r['model']} ({r['creator'] or '?'})") for r in points],
            hovertemplate="%{text}<br>" + x_title + ": %{x}<br>Intelligence: %{y}<extra></extra>",
        ))
    labelled = sorted(placed, key=lambda r: r["rank"])[:label_top]
    offsets = label_offsets([(math.log10(r[x_field]), r["intelligence_index"]) for r in labelled])
    for row, ay in zip(labelled, offsets, strict=True):
        figure.add_annotation(x=math.log10(row[x_field]), y=row["intelligence_index"], text=chart_text(row["model"]),
                              showarrow=True, arrowhead=0, arrowwidth=1, ax=0, ay=ay, font={"size": 10},
                              bgcolor="rgba(255,255,255,0.8)")
    note = _unplaced_note(reasons, len(board))
    figure.update_layout(title={"text": f"{title}<br><sub>{note}; top {label_top} named</sub>"},
                         xaxis_title=x_title, yaxis_title="Intelligence Index", height=480,
                         margin={"l": 60, "r": 20, "t": 80, "b": 60}, legend={"orientation": "h", "y": -0.2})
    figure.update_xaxes(type="log")
    values, labels = log_ticks([r[x_field] for r in placed])
    figure.update_xaxes(tickmode="array", tickvals=values, ticktext=labels)
    return figure, note + (f". Left off, {_left_off(names)}" if names else "")


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


def _mark_methodology(figure: go.Figure, methodology: list[dict[str, Any]]) -> None:
    """A dashed line where the index was re-based (points either side are on different scales),
    its note at the foot of the plot, clear of the title."""
    for change in methodology:
        figure.add_shape(type="line", x0=change["captured_at"], x1=change["captured_at"], yref="paper", y0=0, y1=1,
                         line={"dash": "dash", "color": "#888"})
        figure.add_annotation(x=change["captured_at"], yref="paper", y=0.01, showarrow=False, yanchor="bottom",
                              xanchor="left", bgcolor="rgba(255,255,255,0.8)",
                              text=f" Index v{change['old_value']} \u2192 v{change['new_value']}: not comparable across")


def _index_line(line: dict[str, Any], label: str, **options: Any) -> go.Scatter:
    """One model's index over time (a history_series line), named `label`, each point with its
    index version; gaps stay gaps."""
    return go.Scatter(x=line["x"], y=line["y"], customdata=[v or "" for v in line["version"]], mode="lines+markers",
                      name=chart_text(label), connectgaps=False, **options,
                      hovertemplate=chart_text(label) + "<br>%{x|%Y-%m-%d %H:%M} UTC<br>Index v%{customdata}: %{y}<extra></extra>")


def movers(history: list[dict[str, Any]], count: int = MOVERS) -> list[str]:
    """The model keys that moved most by rank over the history, from their first snapshot in it
    to the newest (ranks compare across index versions; scores do not)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for row in history:  # in capture order
        first.setdefault(row["model_key"], row["rank"])
        last[row["model_key"]] = row["rank"]
    moved = {key: first[key] - rank for key, rank in last.items() if first[key] != rank}
    return sorted(moved, key=lambda key: (-abs(moved[key]), last[key]))[:count]


def _history(history: list[dict[str, Any]], methodology: list[dict[str, Any]]) -> tuple[go.Figure | None, str]:
    """The biggest movers' index over time, one line each, named with their move."""
    keys = movers(history)
    if not keys:
        return None, "No model changed its place over the history: no movers to draw."
    ranks = {key: [r["rank"] for r in history if r["model_key"] == key] for key in keys}
    chosen = sorted((r for r in history if r["model_key"] in keys), key=lambda r: (keys.index(r["model_key"]), r["captured_at"]))
    figure = go.Figure()
    _mark_methodology(figure, methodology)
    lines = history_series(chosen)
    for key, line in zip(keys, lines, strict=True):
        label = f"{line['name']} (#{ranks[key][0]} \u2192 #{ranks[key][-1]})"
        figure.add_trace(_index_line(line, label))
    breaks = sum(line["breaks"] for line in lines)
    note = f"the {len(keys)} models that moved most by rank over the history, one line each (legend: first \u2192 newest rank)"
    if methodology:
        note += f"; no line crosses an index change ({breaks} broken): the scales differ"
    figure.update_layout(title={"text": f"Biggest movers<br><sub>{note}</sub>"}, xaxis_title="Captured (UTC)",
                         yaxis_title="Intelligence Index", height=500, margin={"l": 60, "r": 20, "t": 80, "b": 60},
                         legend={"orientation": "h", "y": -0.25})
    figure.update_xaxes(tickformat="%Y-%m-%d %H:%M", hoverformat="%Y-%m-%d %H:%M")
    return figure, note


def _model_history(history: list[dict[str, Any]], methodology: list[dict[str, Any]]) -> tuple[go.Figure | None, str]:
    """Any model's index over time, chosen from a list (one model shown at a time)."""
    lines = history_series(history)
    if not lines:
        return None, "No history to draw."
    figure = go.Figure()
    _mark_methodology(figure, methodology)
    for number, line in enumerate(lines):
        figure.add_trace(_index_line(line, line["name"], visible=number == 0, showlegend=False))
    buttons = [{"label": chart_text(line["name"]), "method": "update",
                "args": [{"visible": [n == number for n in range(len(lines))]},
                         {"title.text": f"{chart_text(line['name'])}: Intelligence Index over time"}]}
               for number, line in enumerate(lines)]
    note = f"any of the board's {len(lines)} models with an index: choose it from the list (in board order)"
    figure.update_layout(title={"text": f"{chart_text(lines[0]['name'])}: Intelligence Index over time"},
                         updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left", "y": 1.18,
                                       "yanchor": "top", "showactive": True}],
                         xaxis_title="Captured (UTC)", yaxis_title="Intelligence Index", height=460,
                         margin={"l": 60, "r": 20, "t": 110, "b": 60})
    figure.update_xaxes(tickformat="%Y-%m-%d %H:%M", hoverformat="%Y-%m-%d %H:%M")
    return figure, note


# What the report's change tables list: who came and went, and the two figures people follow.
REPORTED_COLUMNS = {"intelligence_index": "Intelligence Index", "blended_price_usd_per_1m": "Blended price ($ / 1M)"}


def _figure_text(column: str | None, value: Any) -> str:
    if value is None:
        return "-"
    if column == "intelligence_index":
        return f"{value:.2f}"
    return _fmt(value)


def _changes(rows: list[dict[str, Any]], empty: str) -> str:
    """A difference between two boards as a table: entered, left, renamed, index and price moves."""
    shown = [r for r in rows if r["change"] in ("entered", "left", "renamed")
             or (r["change"] == "changed" and r["column_name"] in REPORTED_COLUMNS)]
    if not shown:
        return f"<p>{empty}</p>"
    body = []
    for r in shown:
        if r["change"] == "entered":
            what, moved = "entered", f"#{r['new_rank']}"
        elif r["change"] == "left":
            what, moved = "left", f"was #{r['old_rank']}"
        elif r["change"] == "renamed":
            what, moved = "renamed", f"{page_text(r['old_value'])} \u2192 {page_text(r['new_value'])}"
        else:
            what = REPORTED_COLUMNS[r["column_name"]]
            moved = f"{_figure_text(r['column_name'], r['old_value'])} \u2192 {_figure_text(r['column_name'], r['new_value'])}"
            if r["across_index_versions"]:
                moved += f" (v{page_text(r['old_index_version'])} \u2192 v{page_text(r['new_index_version'])}: not comparable)"
        body.append(f"<tr><td>{page_text(r['model'])}</td><td>{what}</td><td>{moved}</td></tr>")
    return ('<table class="changes"><thead><tr><th>Model</th><th>Change</th><th>Old \u2192 new</th></tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


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


def render(settings: Settings) -> tuple[str, int]:
    """The report's HTML and the number of charts in it. Each board's section leads with what
    changed (the last night, then the whole history), then its movers, any model's history, its
    scatter plots and the board itself."""
    sections: list[str] = []
    charts = 0
    with settings.reading() as con:
        data = {tier: report_data(con, tier, top=HISTORY_MODELS) for tier in TIERS}
        compared: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for tier in TIERS:
            ids = data[tier]["snapshot_ids"]
            if len(ids) > 1:
                first, previous, latest = (board_of_snapshot(con, [tier], i).rows for i in (ids[0], ids[-2], ids[-1]))
                compared[tier] = {"night": board_diff([tier], previous, latest), "period": board_diff([tier], first, latest),
                                  "first": first, "previous": previous}
    for tier in TIERS:
        title = html.escape(BOARDS_BY_NAME[tier].title)
        board = data[tier]["board"]
        if not board:
            sections.append(f"<section><h2>{title}</h2><p>No snapshot yet.</p></section>")
            continue
        parts = [f"<section><h2>{title}</h2>",
                 f"<p>{len(board)} models, captured {_fmt(board[0]['captured_at'])}; {data[tier]['snapshots']} snapshot(s) in the history.</p>"]
        figures: list[tuple[go.Figure | None, str]] = []
        if tier in compared:
            night, period = compared[tier]["night"], compared[tier]["period"]
            since = _fmt(compared[tier]["previous"][0]["captured_at"])
            start = _fmt(compared[tier]["first"][0]["captured_at"])
            parts.append(f"<h3>What changed in the last night (since {since})</h3>"
                         + _changes(night, "No model entered, left or was renamed; no index or price changed."))
            parts.append(f"<h3>What changed over the history (since {start})</h3>"
                         + _changes(period, "No model entered, left or was renamed; no index or price changed."))
            figures += [_history(data[tier]["history"], data[tier]["methodology"]),
                        _model_history(data[tier]["history"], data[tier]["methodology"])]
        else:
            parts.append("<p>One snapshot so far: changes, movers and histories begin with the next.</p>")
        figures += [
            _scatter(board, "total_params_b", "Total parameters (billions, log scale)", "with no parameter count",
                     "Intelligence vs total parameters"),
            _scatter(board, "active_params_b", "Active parameters (billions, log scale)", "with no parameter count",
                     "Intelligence vs active parameters"),
            _scatter(board, "blended_price_usd_per_1m", "Blended price (USD per 1M tokens, log scale)",
                     "with no price shown ('-' on the board)", "Intelligence vs price"),
        ]
        number = 0
        for figure, note in figures:
            if figure is None:
                parts.append(f'<p class="note">{page_text(note)}</p>')
                continue
            number += 1
            # The note again below the chart, in the page's own text: it prints, and it reads without script.
            parts.append(f'<div class="chart">{_chart(figure, f"{tier}-chart-{number}")}'
                         f'<p class="note">{page_text(note)}</p></div>')
        charts += number
        if data[tier]["snapshots"] > 1:
            parts.append("<h3>Entered, left and methodology changes, every night</h3>" + _events(data[tier]["events"]))
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
<p>From {page_text(settings.db_path)}, generated {generated}. Mixture-of-experts models are drawn as red diamonds.</p>
{"".join(sections)}
</body></html>
"""
    return page, charts


def write_report(settings: Settings, out: Path) -> tuple[Path, int]:
    page, charts = render(settings)
    sweep_temporaries(out.parent, temporaries_of(out.name))  # a killed report's: this file's only
    atomic_write(out, page.encode("utf-8"))
    return out, charts
