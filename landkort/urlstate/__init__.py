"""Each page's state as a query string: ``map``, ``compare``, ``kommune``.

Parsing is forgiving (a hand-edited link still opens); the ``*_problems`` checks are
strict, for embeds and the API. Helpers shared by every page live in ``params``.
"""
