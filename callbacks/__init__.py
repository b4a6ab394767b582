"""Thin glue between the browser and ``landkort``: read inputs, ask ``landkort``, build
components with ``layouts``."""
