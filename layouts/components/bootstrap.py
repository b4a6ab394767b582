"""Bootstrap's markup written as plain html components.

dash-bootstrap-components draws every Row, Col, Card, Label, Button or Input through a
React component of its own, and on a phone's CPU that is dearer than an ``html.Div``
with the same classes: written as html, the kommune page's first load blocked its main
thread at 4x CPU for about 0.15 s less (986 -> 832 ms, bench/blocking.py's method).
So what only looks like Bootstrap is written here; dbc stays for what behaves (Modal,
Collapse, Navbar, RadioItems, Select).
"""

from __future__ import annotations

from typing import Any

from dash import html

SIZES = ("width", "xs", "sm", "md", "lg", "xl", "xxl")


def classes(*parts: Any) -> str:
    """Class names joined, the empty ones left out."""
    return " ".join(str(part) for part in parts if part)


def row(children: Any = None, className: str = "", **props: Any) -> html.Div:
    return html.Div(children, className=classes("row", className), **props)


def col_classes(**sizes: Any) -> str:
    """dbc.Col's classes: ``md=4`` → ``col-md-4``, ``lg=True`` → ``col-lg``, none → ``col``."""
    names = []
    for size in SIZES:
        value = sizes.get(size)
        if value is None:
            continue
        infix = "" if size in ("width", "xs") else f"-{size}"
        names.append(f"col{infix}" if value is True else f"col{infix}-{value}")
    return " ".join(names) or "col"


def col(children: Any = None, className: str = "", **props: Any) -> html.Div:
    """A grid column; sizes as dbc.Col takes them (``xs``, ``md``, ``lg`` …)."""
    sizes = {size: props.pop(size) for size in SIZES if size in props}
    return html.Div(children, className=classes(col_classes(**sizes), className), **props)


def card(children: Any = None, className: str = "", **props: Any) -> html.Div:
    """A card with its body: one element (``card card-body``) where dbc drew two."""
    return html.Div(children, className=classes("card card-body", className), **props)


def button(
    children: Any = None,
    color: str = "primary",
    size: str | None = None,
    outline: bool = False,
    className: str = "",
    **props: Any,
) -> html.Button:
    look = f"btn-outline-{color}" if outline else f"btn-{color}"
    name = classes("btn", look, f"btn-{size}" if size else "", className)
    return html.Button(children, type="button", className=name, **props)


def badge(
    children: Any = None,
    color: str = "secondary",
    text_color: str | None = None,
    className: str = "",
    **props: Any,
) -> html.Span:
    text = f"text-{text_color}" if text_color else ""
    return html.Span(children, className=classes("badge", text, f"bg-{color}", className), **props)


def alert(children: Any = None, color: str = "info", className: str = "", **props: Any) -> html.Div:
    return html.Div(
        children, role="alert", className=classes("alert", f"alert-{color}", className), **props
    )


def table(
    children: Any = None,
    size: str | None = None,
    striped: bool = False,
    responsive: bool = False,
    className: str = "",
    **props: Any,
) -> html.Table | html.Div:
    """A Bootstrap table; ``responsive`` wraps it in a box that scrolls sideways."""
    name = classes(
        "table", f"table-{size}" if size else "", "table-striped" if striped else "", className
    )
    element = html.Table(children, className=name, **props)
    return html.Div(element, className="table-responsive") if responsive else element
