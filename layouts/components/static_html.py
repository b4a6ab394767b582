"""A page's Dash layout written as plain HTML, for the browser to draw before any script.

The index page carries it as the page's *first view* (``first_view``): a phone on a slow
network shows the page's heading, key figures and controls while Dash's scripts are
still on their way, and the renderer's own page replaces it, in the same frame, once
it is drawn (``assets/landkort.css``, ``assets/near.js``). It is a picture of the page,
not a second page: charts are boxes of their final height, drop-downs show their value,
nothing carries an ``id`` or a ``data-`` attribute (the live page's ids stay unique, and
the page's scripts, which find elements by them, never meet the picture), and controls do
nothing until the live page is there; links work.

Every text and attribute value is escaped here: the layout holds names and values from
imported files and from the address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from dash.development.base_component import Component

from layouts.components.bootstrap import SIZES, col_classes

# A button does nothing until the live page is there: the picture shows it as a span.
INERT_TAGS = {"Button": "span"}
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})
# props written as they are (React's names on the left)
ATTRIBUTES = {
    "className": "class",
    "title": "title",
    "role": "role",
    "lang": "lang",
    "dir": "dir",
    "alt": "alt",
    "src": "src",
    "scope": "scope",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "target": "target",
    "rel": "rel",
    "type": "type",
    "tabIndex": "tabindex",
    "placeholder": "placeholder",
    "inputMode": "inputmode",
    "width": "width",
    "height": "height",
    "value": "value",
    "min": "min",
    "max": "max",
    "step": "step",
}
BOOLEAN = {
    "open": "open",
    "hidden": "hidden",
    "disabled": "disabled",
    "readonly": "readonly",
    "checked": "checked",
    "selected": "selected",
}
# aria attributes that name other elements by id: the first view has no ids
POINTS_AT_IDS = frozenset({"aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"})
SAFE_HREF = re.compile(r"^(?:/(?!/)|#|\?|https?://|mailto:)", re.IGNORECASE)
UNITLESS = frozenset(
    {"flex", "flexGrow", "flexShrink", "fontWeight", "lineHeight", "opacity", "order", "zIndex"}
)


def first_view(layout: Component, pathname: str = "/", prefix: str = "") -> str:
    """The layout of the page at ``pathname`` as HTML inside ``<div id="first-view">``
    (``prefix``: the app's URL prefix, put before the app's own paths as
    ``server.dashpaths`` does for Dash)."""
    body = _Writer(prefix, pathname).write(layout)
    return f'<div id="first-view" aria-busy="true">{body}</div>'


class _Writer:
    """Walks a layout; one method per kind of component it knows."""

    def __init__(self, prefix: str, pathname: str) -> None:
        self.prefix = prefix.rstrip("/")
        self.pathname = pathname

    def write(self, node: Any) -> str:
        if node is None or isinstance(node, bool):
            return ""
        if isinstance(node, (str, int, float)):
            return escape(str(node), quote=False)
        if isinstance(node, (list, tuple)):
            return "".join(self.write(item) for item in node)
        if not isinstance(node, Component):
            return ""
        props = node.to_plotly_json()["props"]
        kind = (node._namespace, node._type)
        writer = WRITERS.get(kind)
        if writer is not None:
            return writer(self, props)
        if node._namespace == "dash_html_components":
            tag = INERT_TAGS.get(node._type, node._type.lower())
            return self.element(tag, props, self.write(props.get("children")))
        return self.wrapper(props)  # anything else: its children, if it has any

    def element(self, tag: str, props: dict, inner: str = "", **extra: Any) -> str:
        """``<tag …>inner</tag>`` with the props a browser understands, plus ``extra``."""
        attributes = self.attributes({**props, **extra})
        if tag in VOID:
            return f"<{tag}{attributes}>"
        return f"<{tag}{attributes}>{inner}</{tag}>"

    def attributes(self, props: dict) -> str:
        parts = []
        for name, value in props.items():
            written = self.attribute(name, value)
            if written:
                parts.append(written)
        return "".join(parts)

    def attribute(self, name: str, value: Any) -> str:
        if value is None or value is False:
            return ""
        if name in BOOLEAN:
            return f" {BOOLEAN[name]}" if value else ""
        if name == "style" and isinstance(value, dict):
            text = style_text(value)
            return f' style="{escape(text)}"' if text else ""
        if name == "href":
            href = self.href(value)
            return f' href="{escape(href)}"' if href else ""
        if name in ATTRIBUTES:
            key = ATTRIBUTES[name]
        elif name.startswith("aria-") and name not in POINTS_AT_IDS:
            key = name
        else:
            return ""
        if isinstance(value, bool):
            value = "true" if value else "false"
        if not isinstance(value, (str, int, float)):
            return ""
        return f' {key}="{escape(str(value))}"'

    def href(self, value: Any) -> str:
        if not isinstance(value, str) or not SAFE_HREF.match(value):
            return ""
        if self.prefix and value.startswith("/"):
            return self.prefix + value
        return value

    def wrapper(self, props: dict) -> str:
        inner = self.write(props.get("children"))
        if not inner:
            return ""
        return self.element("div", _look(props), inner)


def style_text(style: dict) -> str:
    """React's ``style`` object as CSS text: camelCase names, numbers in px."""
    parts = []
    for name, value in style.items():
        if value is None or isinstance(value, bool):
            continue
        css_name = name if name.startswith("--") else re.sub(r"([A-Z])", r"-\1", name).lower()
        if isinstance(value, (int, float)) and name not in UNITLESS and value != 0:
            value = f"{value}px"
        parts.append(f"{css_name}: {value}")
    return "; ".join(parts)


def _look(props: dict, *classes: str) -> dict:
    """Only what decides how an element looks: its classes (``classes`` added) and style."""
    return {
        "className": _classes(*classes, props.get("className")) or None,
        "style": props.get("style"),
    }


def _classes(*parts: Any) -> str:
    return " ".join(str(part) for part in parts if part)


# --- dash core components ---------------------------------------------------------------


def _link(writer: _Writer, props: dict) -> str:
    return writer.element("a", props, writer.write(props.get("children")))


def _graph(writer: _Writer, props: dict) -> str:
    """The box the chart will be drawn in, at its final height."""
    return writer.element("div", _look(props, "dash-graph", "first-view-chart"))


def _dropdown(writer: _Writer, props: dict) -> str:
    """The chosen option(s) in a box that looks like a closed select."""
    labels = _option_labels(props.get("options"))
    value = props.get("value")
    chosen = value if isinstance(value, list) else [value]
    text = ", ".join(str(labels.get(_key(item), item)) for item in chosen if item is not None)
    classes = _classes(
        "form-select",
        "first-view-select",
        "" if text else "first-view-placeholder",
        "first-view-disabled" if props.get("disabled") else "",
    )
    shown = text or props.get("placeholder") or ""
    return writer.element("div", _look(props, classes), escape(shown))


def _slider(writer: _Writer, props: dict) -> str:
    return writer.element("div", _look(props, "first-view-slider"))


def _core_input(writer: _Writer, props: dict) -> str:
    """dcc.Input as Dash draws it: an input in a box that carries the classes."""
    kind = props.get("type") or "text"
    control = writer.element(
        "input",
        {"className": "dash-input-element", "placeholder": props.get("placeholder")},
        type=kind,
        min=props.get("min"),
        max=props.get("max"),
        step=props.get("step"),
        value=_scalar(props.get("value")),
        readonly=kind != "range",
        disabled=kind == "range",
    )
    return writer.element("div", _look(props, "dash-input-container", "dash-input"), control)


def _loading(writer: _Writer, props: dict) -> str:
    return writer.write(props.get("children"))


def _nothing(writer: _Writer, props: dict) -> str:
    return ""


def _table(writer: _Writer, props: dict) -> str:
    """A DataTable's rows come later (they are put in near the screen)."""
    return writer.element("div", _look(props, "dash-table-container"))


# --- dash bootstrap components ----------------------------------------------------------


def _navbar(writer: _Writer, props: dict) -> str:
    expand = props.get("expand")
    classes = _classes(
        "navbar",
        f"navbar-expand-{expand}" if isinstance(expand, str) else "navbar-expand" if expand else "",
        "navbar-dark" if props.get("dark") else "navbar-light",
        f"bg-{props['color']}" if props.get("color") else "",
    )
    return writer.element("nav", _look(props, classes), writer.write(props.get("children")))


def _container(writer: _Writer, props: dict) -> str:
    fluid = props.get("fluid")
    name = f"container-{fluid}" if isinstance(fluid, str) else "container-fluid" if fluid else ""
    return writer.element(
        "div", _look(props, name or "container"), writer.write(props.get("children"))
    )


def _collapse(writer: _Writer, props: dict) -> str:
    classes = _classes(
        "navbar-collapse" if props.get("navbar") else "",
        "collapse",
        "show" if props.get("is_open") else "",
    )
    return writer.element("div", _look(props, classes), writer.write(props.get("children")))


def _nav(writer: _Writer, props: dict) -> str:
    classes = "navbar-nav" if props.get("navbar") else "nav"
    return writer.element("div", _look(props, classes), writer.write(props.get("children")))


def _nav_link(writer: _Writer, props: dict) -> str:
    active = props.get("active")
    here = active == "exact" and props.get("href") == writer.pathname
    classes = _classes("nav-link", "active" if active is True or here else "")
    return writer.element(
        "a",
        {**_look(props, classes), "href": props.get("href")},
        writer.write(props.get("children")),
    )


def _badge(writer: _Writer, props: dict) -> str:
    classes = _classes(
        "badge",
        f"text-{props['text_color']}" if props.get("text_color") else "",
        f"bg-{props.get('color') or 'secondary'}",
        "rounded-pill" if props.get("pill") else "",
    )
    look = {**_look(props, classes), "title": props.get("title")}
    return writer.element("span", look, writer.write(props.get("children")))


def _button(writer: _Writer, props: dict) -> str:
    color = props.get("color") or "primary"
    classes = _classes(
        "btn",
        f"btn-outline-{color}" if props.get("outline") else f"btn-{color}",
        f"btn-{props['size']}" if props.get("size") else "",
    )
    look = {**_look(props, classes), "title": props.get("title")}
    return writer.element("span", look, writer.write(props.get("children")))


def _card(writer: _Writer, props: dict) -> str:
    return writer.element("div", _look(props, "card"), writer.write(props.get("children")))


def _card_body(writer: _Writer, props: dict) -> str:
    return writer.element("div", _look(props, "card-body"), writer.write(props.get("children")))


def _row(writer: _Writer, props: dict) -> str:
    return writer.element("div", _look(props, "row"), writer.write(props.get("children")))


def _col(writer: _Writer, props: dict) -> str:
    return writer.element(
        "div", _look(props, _col_classes(props)), writer.write(props.get("children"))
    )


def _col_classes(props: dict) -> str:
    """dbc.Col's sizes (a number, True, or ``{"size": …}``) as its classes."""
    sizes = {size: props.get(size) for size in SIZES}
    return col_classes(**{k: v.get("size") if isinstance(v, dict) else v for k, v in sizes.items()})


def _label(writer: _Writer, props: dict) -> str:
    classes = "form-check-label" if props.get("check") else "form-label"
    return writer.element("label", _look(props, classes), writer.write(props.get("children")))


def _radio_items(writer: _Writer, props: dict) -> str:
    items = []
    for option in _options(props.get("options")):
        checked = option["value"] == props.get("value")
        check = _classes("form-check", "form-check-inline" if props.get("inline") else "")
        control = writer.element(
            "input",
            {"className": _classes("form-check-input", _either(props, "input_class_name"))},
            type="radio",
            checked=checked,
        )
        label_classes = _classes(
            "form-check-label",
            _either(props, "label_class_name"),
            _either(props, "label_checked_class_name") if checked else "",
        )
        label = writer.element("label", {"className": label_classes}, writer.write(option["label"]))
        items.append(writer.element("div", {"className": check}, control + label))
    return writer.element("div", _look(props), "".join(items))


def _either(props: dict, name: str) -> str:
    """A dash-bootstrap-components prop given by its new name or its camelCase one."""
    camel = re.sub(r"_(\w)", lambda found: found[1].upper(), name)
    return props.get(name) or props.get(camel) or ""


def _select(writer: _Writer, props: dict) -> str:
    options = "".join(
        writer.element(
            "option", {}, writer.write(option["label"]), selected=option["value"] == props["value"]
        )
        for option in _options(props.get("options"))
    )
    size = f"form-select-{props['size']}" if props.get("size") else ""
    return writer.element("select", _look(props, "form-select", size), options)


def _bootstrap_input(writer: _Writer, props: dict) -> str:
    size = f"form-control-{props['size']}" if props.get("size") else ""
    look = {**_look(props, "form-control", size), "placeholder": props.get("placeholder")}
    return writer.element("input", look, readonly=True, value=_scalar(props.get("value")))


def _input_group(writer: _Writer, props: dict) -> str:
    size = f"input-group-{props['size']}" if props.get("size") else ""
    return writer.element(
        "div", _look(props, "input-group", size), writer.write(props.get("children"))
    )


def _input_group_text(writer: _Writer, props: dict) -> str:
    return writer.element(
        "span", _look(props, "input-group-text"), writer.write(props.get("children"))
    )


def _bootstrap_table(writer: _Writer, props: dict) -> str:
    classes = _classes(
        "table",
        f"table-{props['size']}" if props.get("size") else "",
        "table-striped" if props.get("striped") else "",
        "table-bordered" if props.get("bordered") else "",
        "table-hover" if props.get("hover") else "",
    )
    return writer.element("table", _look(props, classes), writer.write(props.get("children")))


# --- helpers ----------------------------------------------------------------------------


def _options(options: Any) -> list[dict]:
    """Dash's option forms (list of values, list of dicts, dict value→label) as dicts."""
    if isinstance(options, dict):
        return [{"label": label, "value": value} for value, label in options.items()]
    found = []
    for option in options or []:
        if isinstance(option, dict):
            found.append({"label": option.get("label", option.get("value")), **option})
        else:
            found.append({"label": option, "value": option})
    return found


def _option_labels(options: Any) -> dict:
    return {_key(option["value"]): option["label"] for option in _options(options)}


def _key(value: Any) -> Any:
    return str(value) if isinstance(value, (list, dict)) else value


def _scalar(value: Any) -> str | None:
    """A value an input can show, or None."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


WRITERS: dict[tuple[str, str], Callable[[_Writer, dict], str]] = {
    ("dash_core_components", "Link"): _link,
    ("dash_core_components", "Graph"): _graph,
    ("dash_core_components", "Dropdown"): _dropdown,
    ("dash_core_components", "Slider"): _slider,
    ("dash_core_components", "RangeSlider"): _slider,
    ("dash_core_components", "Input"): _core_input,
    ("dash_core_components", "Loading"): _loading,
    ("dash_core_components", "Store"): _nothing,
    ("dash_core_components", "Location"): _nothing,
    ("dash_core_components", "Interval"): _nothing,
    ("dash_core_components", "Download"): _nothing,
    ("dash_core_components", "Clipboard"): _nothing,
    ("dash_table", "DataTable"): _table,
    ("dash_bootstrap_components", "Navbar"): _navbar,
    ("dash_bootstrap_components", "Container"): _container,
    ("dash_bootstrap_components", "Collapse"): _collapse,
    ("dash_bootstrap_components", "Nav"): _nav,
    ("dash_bootstrap_components", "NavLink"): _nav_link,
    ("dash_bootstrap_components", "Badge"): _badge,
    ("dash_bootstrap_components", "Button"): _button,
    ("dash_bootstrap_components", "Card"): _card,
    ("dash_bootstrap_components", "CardBody"): _card_body,
    ("dash_bootstrap_components", "Row"): _row,
    ("dash_bootstrap_components", "Col"): _col,
    ("dash_bootstrap_components", "Label"): _label,
    ("dash_bootstrap_components", "RadioItems"): _radio_items,
    ("dash_bootstrap_components", "Select"): _select,
    ("dash_bootstrap_components", "Input"): _bootstrap_input,
    ("dash_bootstrap_components", "InputGroup"): _input_group,
    ("dash_bootstrap_components", "InputGroupText"): _input_group_text,
    ("dash_bootstrap_components", "Table"): _bootstrap_table,
    ("dash_bootstrap_components", "Modal"): _nothing,
    ("dash_bootstrap_components", "Tooltip"): _nothing,
    ("dash_bootstrap_components", "Popover"): _nothing,
}
