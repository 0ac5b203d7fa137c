"""`aa-leaderboards report`: one self-contained HTML file with each board's table and charts.

plotly.js is inlined once, so the file opens offline; every chart is a plain <div> it fills.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from warehouse.db import open_warehouse
from warehouse.queries import report_data

from .archive import atomic_write, sweep_temporaries
from .display import format_number

TIERS = {"small": "Small open-weights models (4B-40B)", "tiny": "Tiny open-weights models (\u22644B)"}
MOE_STYLE = {True: ("Mixture of experts", "diamond", "#d62728"), False: ("Dense", "circle", "#1f77b4")}


def chart_text(text: str) -> str:
    """Text from a page as Plotly shows text, never as markup: Plotly draws <a href>, <br>,
    <span style> and friends found in names, legends and hover labels, and reads entities back
    to the characters they stand for, so '&', '<' and '>' are written as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _scatter(board: list[dict[str, Any]], x_field: str, x_title: str, title: str, log_x: bool) -> go.Figure:
    figure = go.Figure()
    for moe, (label, symbol, colour) in MOE_STYLE.items():
        points = [r for r in board if r[x_field] and r["intelligence_index"] is not None and bool(r["is_moe"]) == moe]
        figure.add_trace(go.Scatter(
            x=[r[x_field] for r in points], y=[r["intelligence_index"] for r in points], mode="markers", name=label,
            marker={"symbol": symbol, "size": 10, "color": colour, "line": {"width": 1, "color": "white"}},
            text=[chart_text(f"{r['model']} ({r['creator'] or '?'})") for r in points],
            hovertemplate="%{text}<br>" + x_title + ": %{x}<br>Intelligence: %{y}<extra></extra>",
        ))
    figure.update_layout(title=title, xaxis_title=x_title, yaxis_title="Intelligence Index", height=460,
                         margin={"l": 60, "r": 20, "t": 60, "b": 60}, legend={"orientation": "h", "y": -0.2})
    if log_x:
        figure.update_xaxes(type="log")
    return figure


def _history(history: list[dict[str, Any]], methodology: list[dict[str, Any]]) -> go.Figure:
    figure = go.Figure()
    for change in methodology:
        # A dashed line where the index was re-based: points either side are on different scales.
        figure.add_shape(type="line", x0=change["captured_at"], x1=change["captured_at"], yref="paper", y0=0, y1=1,
                         line={"dash": "dash", "color": "#888"})
        figure.add_annotation(x=change["captured_at"], yref="paper", y=1.0, showarrow=False, yanchor="bottom",
                              text=f"Index v{change['old_value']} \u2192 v{change['new_value']}: not comparable across")
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in history:
        by_model.setdefault(row["model"], []).append(row)
    for model, points in by_model.items():
        figure.add_trace(go.Scatter(x=[p["captured_at"] for p in points], y=[p["intelligence_index"] for p in points],
                                    mode="lines+markers", name=chart_text(model)))
    figure.update_layout(title="Intelligence Index over time (current top models)", xaxis_title="Captured",
                         yaxis_title="Intelligence Index", height=460, margin={"l": 60, "r": 20, "t": 60, "b": 60})
    return figure


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return format_number(value)
    return html.escape(str(value))


def _table(board: list[dict[str, Any]]) -> str:
    head = ("#", "Model", "Creator", "Index", "Total B", "Active B", "Context", "$ / 1M", "Tokens/s")
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in (
            r["rank"], html.escape(r["model"]), html.escape(r["creator"] or "-"), _fmt(r["intelligence_index"]),
            _fmt(r["total_params_b"]), _fmt(r["active_params_b"]), _fmt(r["context_window_tokens"]),
            _fmt(r["blended_price_usd_per_1m"]), _fmt(r["output_tokens_per_s"]))) + "</tr>"
        for r in board)
    return f'<table class="board"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead><tbody>{rows}</tbody></table>'


def _events(events: list[dict[str, Any]]) -> str:
    if not events:
        return "<p>No model entered or left between snapshots.</p>"
    rows = "".join(f"<tr><td>{_fmt(e['captured_at'])}</td><td>{e['change']}</td><td>{html.escape(e['model'])}</td></tr>" for e in events)
    return f'<table class="events"><thead><tr><th>Captured</th><th>Change</th><th>Model</th></tr></thead><tbody>{rows}</tbody></table>'


def _chart(figure: go.Figure, chart_id: str) -> str:
    return figure.to_html(full_html=False, include_plotlyjs=False, div_id=chart_id,
                          config={"displaylogo": False, "responsive": True})


def render(db_path: Path, *, lock_timeout_s: float = 30.0) -> tuple[str, int]:
    """The report's HTML and the number of charts in it."""
    sections: list[str] = []
    charts = 0
    with open_warehouse(db_path, read_only=True, lock_timeout_s=lock_timeout_s) as con:
        data = {tier: report_data(con, tier) for tier in TIERS}
    for tier, title in TIERS.items():
        board = data[tier]["board"]
        if not board:
            sections.append(f"<section><h2>{title}</h2><p>No snapshot yet.</p></section>")
            continue
        parts = [f"<section><h2>{title}</h2>",
                 f"<p>{len(board)} models, captured {_fmt(board[0]['captured_at'])}; {data[tier]['snapshots']} snapshot(s) in the history.</p>"]
        figures = [
            _scatter(board, "total_params_b", "Total parameters (billions, log scale)", "Intelligence vs total parameters", True),
            _scatter(board, "active_params_b", "Active parameters (billions, log scale)", "Intelligence vs active parameters", True),
            _scatter(board, "blended_price_usd_per_1m", "Blended price (USD per 1M tokens, log scale)", "Intelligence vs price", True),
        ]
        if data[tier]["snapshots"] > 1:
            figures.append(_history(data[tier]["history"], data[tier]["methodology"]))
        for number, figure in enumerate(figures, start=1):
            parts.append(f'<div class="chart">{_chart(figure, f"{tier}-chart-{number}")}</div>')
        charts += len(figures)
        if data[tier]["snapshots"] > 1:
            parts.append("<h3>Entered, left and methodology changes</h3>" + _events(data[tier]["events"]))
        parts.append("<h3>The board</h3>" + _table(board) + "</section>")
        sections.append("".join(parts))
    generated = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>aa-leaderboards report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.85rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }}
.chart {{ margin: 1rem 0; }}
</style>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>Artificial Analysis open-weights leaderboards</h1>
<p>From {html.escape(str(db_path))}, generated {generated}. Mixture-of-experts models are drawn as red diamonds.</p>
{"".join(sections)}
</body></html>
"""
    return page, charts


def write_report(db_path: Path, out: Path, *, lock_timeout_s: float = 30.0) -> tuple[Path, int]:
    page, charts = render(db_path, lock_timeout_s=lock_timeout_s)
    sweep_temporaries(out.parent, f".{out.name}.*.tmp")  # a killed report's: this file's only
    atomic_write(out, page.encode("utf-8"))
    return out, charts
