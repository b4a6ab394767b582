"""Colours the pages share, so the goal line and a rise or fall look the same everywhere.

Each page's own palette (channels, the kommune against Hele landet) stays in its folder.
"""

GOAL = "#b2182b"  # the 80 % goal line, and a fall
RISE = "#1b7837"  # a rise
SERIES = "#31688e"  # a single series (Hele landet's trend, the kommuner's spread)


def _luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb' (WCAG 2.1)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on the background (at least 4.5:1 for any
    background colour one of them can serve)."""
    return (
        "#000000"
        if contrast("#000000", background) >= contrast("#ffffff", background)
        else "#ffffff"
    )
