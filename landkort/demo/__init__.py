"""Simulated demo data that behaves like the real KOMHEN history (no Dash imports).

``generate_cells`` builds the cells; ``load_demo`` writes them in one transaction;
``cli_demo`` is ``python -m landkort demo``.
"""

from landkort.demo.command import cli_demo
from landkort.demo.generator import generate_cells
from landkort.demo.loading import DemoStats, cells_digest, load_demo
from landkort.demo.sizes import SIZES

__all__ = ["SIZES", "DemoStats", "cells_digest", "cli_demo", "generate_cells", "load_demo"]
