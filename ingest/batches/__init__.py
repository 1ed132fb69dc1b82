"""Batches: a dossier folder tree, CSV manifest or scanner stack checked up front, run resumably, reported."""
