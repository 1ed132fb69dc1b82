"""Prometheus metrics of one app: catalogue gauges read at scrape time, HTTP durations observed per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ingest.context import get_catalogue
from ingest.reads import health
from storage.query import Queries

log = logging.getLogger(__name__)


class CatalogueCollector(Collector):
    """Documents by status, processing time and queue depths, read when Prometheus scrapes."""

    def collect(self) -> Iterator:
        try:
            catalogue = get_catalogue()
            documents = GaugeMetricFamily("sohoa_documents", "Documents in the catalogue by status", labels=["status"])
            for status, count in catalogue.status_counts().items():
                documents.add_metric([status], count)
            yield documents
            seconds, count = Queries(catalogue.database).processing_seconds()
            summary = SummaryMetricFamily(
                "sohoa_document_processing_seconds", "Time from start to digitised, per document", labels=["stage"]
            )
            summary.add_metric(["digitise"], count_value=count, sum_value=seconds)
            yield summary
        except Exception:  # a scrape reports what it can
            log.warning("catalogue metrics unavailable", exc_info=True)
        depth = GaugeMetricFamily("sohoa_queue_depth", "Messages waiting per task queue", labels=["queue"])
        for queue, size in health.queue_depths().items():
            depth.add_metric([queue], size)
        yield depth


class Metrics:
    """The registry of one app and its request-duration histogram."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(CatalogueCollector())
        self.requests = Histogram(
            "sohoa_http_request_seconds",
            "HTTP request duration until the response started",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10),
        )


class TimingMiddleware:
    """Observe each request's duration by route template (not by raw path, to keep labels few)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                route = scope.get("route")
                self.metrics.requests.labels(scope["method"], getattr(route, "path", "unmatched"), str(status)).observe(
                    time.perf_counter() - started
                )
            await send(message)

        await self.app(scope, receive, send_wrapper)
