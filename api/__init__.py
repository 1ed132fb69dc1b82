"""The top layer: the HTTP API (FastAPI) and the command line. Talks to `ingest` and `storage`."""
