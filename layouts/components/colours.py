"""Colours the pages share, so the goal line and a rise or fall look the same everywhere.

Each page's own palette (channels, the kommune against Hele landet) stays in its folder.
"""

GOAL = "#b2182b"  # the 80 % goal line, and a fall
RISE = "#1b7837"  # a rise
SERIES = "#31688e"  # a single series (Hele landet's trend, the kommuner's spread)
