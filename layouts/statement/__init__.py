"""The accessibility statement (``/tilgaengelighed``)."""
