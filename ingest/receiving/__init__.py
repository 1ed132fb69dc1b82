"""Receiving: check what arrived (type, limits, pages), store the original durably, catalogue it, enqueue it."""
