"""A small figure builder that makes plain plotly dicts, without plotly's validation.

plotly.graph_objects validates every property on every assignment; a page with a
dozen charts (one of them 35 small panels) spent most of its callback time there.
``PlainFigure`` offers the few methods the kommune page uses and returns the same
JSON plotly.js reads. Traces are plain dicts: ``trace("bar", x=…, y=…)``.
"""

from __future__ import annotations

import copy
from functools import cache


@cache
def default_template() -> dict:
    """plotly.py's default template as plotly.js reads it (made once, never changed): a
    figure drawn as a plain dict with it looks as one drawn with go.Figure."""
    import plotly.graph_objects as go

    return go.Figure().to_plotly_json()["layout"]["template"]


def column_lists(frame) -> dict[str, list]:
    """A frame's columns as plain lists, what traces take (pandas' ``to_dict("list")``
    boxes every value on its own and is many times slower)."""
    return {column: frame[column].tolist() for column in frame.columns}


def trace(kind: str, **props) -> dict:
    return {"type": kind, **props}


def _merge(target: dict, changes: dict) -> dict:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value) if isinstance(value, dict) else value
    return target


def _magic(props: dict) -> dict:
    """``font_size=12`` -> ``{"font": {"size": 12}}`` (plotly's underscore shorthand)."""
    out: dict = {}
    for key, value in props.items():
        parts = key.split("_") if key.startswith(("font_", "line_", "marker_")) else [key]
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class PlainFigure:
    """Figure with a grid of subplots (rows × cols), axes shared per row/column."""

    def __init__(
        self,
        rows: int = 1,
        cols: int = 1,
        *,
        titles: list[str] | None = None,
        hspace: float = 0.04,
        vspace: float = 0.06,
    ) -> None:
        self.rows, self.cols = rows, cols
        self.data: list[dict] = []
        self.layout: dict = {"annotations": [], "shapes": []}
        self._axes(hspace, vspace)
        for i, title in enumerate(titles or []):
            x_dom, y_dom = self._domain(i // cols + 1, i % cols + 1)
            self.layout["annotations"].append(
                {
                    "text": title,
                    "x": (x_dom[0] + x_dom[1]) / 2,
                    "y": y_dom[1],
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 12},
                }
            )

    def _axes(self, hspace: float, vspace: float) -> None:
        width = (1 - hspace * (self.cols - 1)) / self.cols
        height = (1 - vspace * (self.rows - 1)) / self.rows
        self._domains = {}
        for r in range(1, self.rows + 1):
            for c in range(1, self.cols + 1):
                x0 = (c - 1) * (width + hspace)
                y1 = 1 - (r - 1) * (height + vspace)
                self._domains[(r, c)] = ([x0, x0 + width], [y1 - height, y1])
                n = self._index(r, c)
                xa, ya = self._names(n)
                self.layout[xa] = {"domain": [x0, x0 + width], "anchor": ya[0] + ya[5:]}
                self.layout[ya] = {"domain": [y1 - height, y1], "anchor": xa[0] + xa[5:]}
                if n > 1:
                    self.layout[xa]["matches"] = "x"
                    self.layout[ya]["matches"] = "y"
                    if c > 1:
                        self.layout[ya]["showticklabels"] = False

    def _index(self, row: int, col: int) -> int:
        return (row - 1) * self.cols + col

    @staticmethod
    def _names(n: int) -> tuple[str, str]:
        suffix = "" if n == 1 else str(n)
        return f"xaxis{suffix}", f"yaxis{suffix}"

    def _domain(self, row: int, col: int) -> tuple[list[float], list[float]]:
        return self._domains[(row, col)]

    def _refs(self, row: int, col: int) -> tuple[str, str]:
        n = self._index(row, col)
        suffix = "" if n == 1 else str(n)
        return f"x{suffix}", f"y{suffix}"

    def add_trace(self, item: dict, row: int = 1, col: int = 1) -> PlainFigure:
        xref, yref = self._refs(row, col)
        if xref != "x":
            item = {**item, "xaxis": xref, "yaxis": yref}
        self.data.append(item)
        return self

    def _cells(self, row, col) -> list[tuple[int, int]]:
        if row == "all":
            return list(self._domains)
        return [(row or 1, col or 1)]

    def add_hline(self, y: float, line: dict, row=None, col=None) -> PlainFigure:
        for r, c in self._cells(row, col):
            xref, yref = self._refs(r, c)
            self.layout["shapes"].append(
                {"type": "line", "xref": f"{xref} domain", "x0": 0, "x1": 1, "yref": yref,
                 "y0": y, "y1": y, "line": line}
            )  # fmt: skip
        return self

    def add_vline(self, x: float, line: dict) -> PlainFigure:
        self.layout["shapes"].append(
            {"type": "line", "yref": "y domain", "y0": 0, "y1": 1, "xref": "x", "x0": x,
             "x1": x, "line": line}
        )  # fmt: skip
        return self

    def add_annotation(self, row: int | None = None, col: int | None = None, **props):
        item = dict(props)
        if row is not None:
            xref, yref = self._refs(row, col or 1)
            item.setdefault("xref", xref)
            item.setdefault("yref", yref)
        self.layout["annotations"].append(item)
        return self

    def update_layout(self, **props) -> PlainFigure:
        _merge(self.layout, props)
        return self

    def _axis_names(self, letter: str) -> list[str]:
        return [k for k in self.layout if k.startswith(f"{letter}axis")]

    def update_xaxes(self, **props) -> PlainFigure:
        for name in self._axis_names("x"):
            _merge(self.layout[name], _magic(props))
        return self

    def update_yaxes(self, **props) -> PlainFigure:
        for name in self._axis_names("y"):
            _merge(self.layout[name], _magic(props))
        return self

    def update_annotations(self, **props) -> PlainFigure:
        for item in self.layout["annotations"]:
            _merge(item, _magic(props))
        return self

    def to_dict(self) -> dict:
        return {"data": self.data, "layout": self.layout}


def message_figure(text: str, height: int = 240) -> PlainFigure:
    """An empty chart that says why it is empty (e.g. the kommune did not take part)."""
    fig = PlainFigure()
    fig.update_layout(height=height, plot_bgcolor="white", paper_bgcolor="white")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.layout["annotations"].append(
        {"text": text, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
         "showarrow": False, "font": {"size": 14, "color": "#555"}}
    )  # fmt: skip
    return fig
