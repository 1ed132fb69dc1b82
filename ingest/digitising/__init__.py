"""Digitising: one catalogued document through cleanup, OCR and extraction, and its results as records and JSON."""
