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


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of '#rrggbb'."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_distance(a: str, b: str) -> float:
    """How far apart two colours look (CIE76 ΔE: about 2 is just noticeable, over 10
    clearly different colours). Contrast ratio compares lightness only; this sees hue."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


def blend(colour: str, opacity: float, background: str = "#ffffff") -> str:
    """The colour seen when ``colour`` is drawn with ``opacity`` over ``background``."""
    top, under = (
        [int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)] for c in (colour, background)
    )
    mixed = (round(opacity * t + (1 - opacity) * u) for t, u in zip(top, under, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on the background (at least 4.5:1 for any
    background colour one of them can serve)."""
    return (
        "#000000"
        if contrast("#000000", background) >= contrast("#ffffff", background)
        else "#ffffff"
    )
