"""The kommune page (``/kommune/<kode>``): progress, channel mix and KL's report."""
