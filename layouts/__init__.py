"""Functions that build Dash components from plain values (no database access)."""
