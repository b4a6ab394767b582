"""Data out of the database: ``database`` (the interchange format, the inverse of the
import), ``files`` (those exports kept as files per data version) and ``tables`` (one
chart's frame as CSV or XLSX with its source line)."""
