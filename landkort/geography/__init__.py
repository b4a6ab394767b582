"""Geography for the map: a hand-made hex map and real kommune boundaries.

``hexmap`` needs nothing but the reference data; ``boundaries`` (geopandas) reads,
simplifies and caches real boundaries; ``fetch`` downloads them from DAWA; ``cli``
is ``python -m landkort boundaries``. Nothing here imports Dash.
"""
