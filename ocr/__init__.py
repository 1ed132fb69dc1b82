"""Pure image and text work: cleanup, OCR, classification, field extraction.

Nothing here touches files, object storage, the catalogue, the queue or HTTP, and nothing here
imports `ingest`, `storage` or `api`. The only external program called is Tesseract, and only
through `ocr.tesseract`.
"""
