"""Batches: a dossier folder tree, CSV manifest or scanner stack checked up front, run resumably, reported."""

#: How a scanner stack is cut: one document per dossier segment, or one per page (`sohoa batch --split`).
SPLITS = ("segment", "page")
