# sohoa image for deploy/compose.yaml: the API (`sohoa serve`) and workers (`sohoa worker`).
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd \
      poppler-utils fonts-dejavu-core fonts-dejavu-extra fonts-ocr-b \
 && rm -rf /var/lib/apt/lists/*
ENV OMP_THREAD_LIMIT=1 PYTHONUNBUFFERED=1 SOHOA_DATA_DIR=/var/lib/sohoa
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core core
COPY ocr ocr
COPY ingest ingest
COPY storage storage
COPY api api
COPY samples samples
RUN pip install --no-cache-dir . && useradd --system --home /var/lib/sohoa sohoa \
 && mkdir -p /var/lib/sohoa && chown sohoa /var/lib/sohoa
USER sohoa
CMD ["sohoa", "serve", "--host", "0.0.0.0", "--port", "8000"]
