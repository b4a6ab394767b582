"""The map's colours against the grey of 'deltog ikke' and the pale of 'usikkert'.

Grey sits at the lightness of the middle of every scale (contrast ratio about 1:1 there),
so in greyscale or to a reader who cannot tell the hues apart, grey and pale are told by
their marks, × and ?, which must read on every colour they are drawn on (WCAG 1.4.1,
1.4.3). In colour, grey must also look unlike every colour a value can take.
"""

from __future__ import annotations

import pytest
from plotly.colors import sample_colorscale, unlabel_rgb

from landkort.views.map import MAP_MEASURES
from layouts.components.colours import blend, colour_distance, contrast
from layouts.map.figure import (
    ABSENT_MARK,
    GREY,
    MARK_COLOUR,
    PALE,
    UNCERTAIN_MARK,
    colour_props,
)
from layouts.map.panel import legend_note

KINDS = sorted({spec.kind for spec in MAP_MEASURES.values()})


def scale_colours(kind: str) -> list[str]:
    """101 colours along the scale of a kind of measure, as '#rrggbb'."""
    spec = next(s for s in MAP_MEASURES.values() if s.kind == kind)
    samples = sample_colorscale(colour_props(spec)["colorscale"], [i / 100 for i in range(101)])
    return ["#" + "".join(f"{round(c):02x}" for c in unlabel_rgb(s)) for s in samples]


@pytest.mark.parametrize("kind", KINDS)
def test_grey_looks_unlike_every_colour_of_the_scale(kind):
    for colour in scale_colours(kind):
        assert colour_distance(GREY, colour) >= 10, colour
        assert colour_distance(GREY, blend(colour, PALE)) >= 10, colour


@pytest.mark.parametrize("kind", KINDS)
def test_the_question_mark_reads_on_every_pale_colour(kind):
    for colour in scale_colours(kind):
        assert contrast(MARK_COLOUR, blend(colour, PALE)) >= 4.5, colour


def test_the_cross_reads_on_grey():
    assert contrast(MARK_COLOUR, GREY) >= 4.5


def test_lightness_alone_does_not_tell_grey_from_the_scales():
    """Why the marks exist: somewhere on every scale grey has the same lightness."""
    for kind in KINDS:
        assert min(contrast(GREY, c) for c in scale_colours(kind)) < 1.5


def test_the_legend_names_both_marks():
    text = " ".join(str(c.children) for c in legend_note().children)
    assert ABSENT_MARK in text and "Deltog ikke" in text
    assert UNCERTAIN_MARK in text and "Usikkert" in text


def test_colour_distance_and_blend():
    assert colour_distance("#ffffff", "#ffffff") == 0
    assert round(colour_distance("#000000", "#ffffff")) == 100
    assert blend("#000000", 0.5) == "#808080"
    assert blend("#123456", 1.0) == "#123456"
