"""ID cards across documents: the two sides of one card uploaded as two files (issue #15)."""

from .pairing import merge_fields, pair_sides

__all__ = ["merge_fields", "pair_sides"]
