"""The bottom layer: settings and the root error. Imports nothing of ours."""
