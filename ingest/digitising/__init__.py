"""Digitising: one catalogued document through cleanup, OCR and extraction (`pipeline`), the two sides of
one ID card uploaded as two files put together (`pairing`), and the results as records and JSON (`results`)."""
