"""Objects and catalogue: where originals, cleaned pages, PDFs and results live, and the index of them.

Two object backends (a folder, S3/MinIO) behind one `ObjectStore` protocol and one key layout;
one catalogue (SQLAlchemy: SQLite or PostgreSQL). Nothing here imports `ocr`, `ingest` or `api`;
foreign errors (OSError, S3Error, SQLAlchemy's) are turned into `core.errors` here.
"""
