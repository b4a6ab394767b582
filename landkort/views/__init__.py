"""The data behind each page, as plain frames and values: no Dash, no components.

``map`` (one value per kommune), ``compare`` (kommuner side by side over rounds),
``kommune`` and ``kommune_header`` (one kommune's report). Pages and the API read these;
none of them writes.
"""
