"""The map page (``/``): the choropleth, its controls and the panel beside it."""
