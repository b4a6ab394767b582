"""The data page (``/data``): what the database holds."""
