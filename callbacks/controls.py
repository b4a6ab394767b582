"""Callbacks the pages' controls share.

The address is the one source of truth for a page's controls, both ways: a change of a
control writes the query string (so a view can be bookmarked and Back steps through
views); a change of the address (Back, a link) sets the controls. And the group
dropdown offers the henvendelsestype groups the chosen measure allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import Dash, Input, Output, ctx, no_update
from werkzeug.exceptions import BadRequest

from landkort.views.map import MAP_MEASURES
from layouts.components.controls import group_options

Wanted = list | None  # the controls' values, or None to leave them


def register_url_sync(
    app: Dash,
    url_id: str,
    controls: Sequence[str],
    *,
    from_controls: Callable[[str, tuple], tuple[str, Wanted]],
    from_url: Callable[[str, tuple], list],
) -> None:
    """``from_controls(trigger, values)`` gives the new query string and the controls'
    values (None: leave them); ``from_url(search, values)`` the values for an address."""

    @app.callback(
        Output(url_id, "search"),
        *(Output(c, "value") for c in controls),
        Input(url_id, "search"),
        *(Input(c, "value") for c in controls),
        prevent_initial_call=True,
    )
    def sync_url_and_controls(search, *values):
        if ctx.triggered_id in controls:
            query, wanted = from_controls(ctx.triggered_id, values)
            url = query if query != (search or "") else no_update
        else:
            url, wanted = no_update, from_url(search, values)
        if wanted is None:
            return url, *([no_update] * len(controls))
        changed = (w if w != v else no_update for w, v in zip(wanted, values, strict=True))
        return url, *changed


def register_group_choices(app: Dash, measure_id: str, group_id: str) -> None:
    """The group dropdown follows the measure (disabled when it allows one group)."""

    @app.callback(
        Output(group_id, "options"),
        Output(group_id, "disabled"),
        Input(measure_id, "value"),
        prevent_initial_call=True,
    )
    def group_choices(measure):
        known = isinstance(measure, str) and measure in MAP_MEASURES
        refuse_odd([] if known else [f"mål «{measure!r:.40}» findes ikke"])
        return group_options(measure)


def refuse_odd(problems: list[str]) -> None:
    """Control values the page could not have sent (a hand-made request) are answered
    400 with the request id (server/errors.py), not a 500 from deep in a figure."""
    if problems:
        raise BadRequest("; ".join(problems))
