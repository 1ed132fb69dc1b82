"""Is the service able to work, and how much is waiting: store, catalogue and broker checks, queue depths.

Read by `/healthz` and `/metrics`; knows the broker kinds so the API does not have to.
"""

from __future__ import annotations

import logging

from core.errors import BrokerUnavailable, SohoaError

from ..context import get_catalogue, get_store
from ..queueing.broker import get_broker

log = logging.getLogger(__name__)


def _broker():  # a dramatiq broker of whichever kind the settings chose
    return get_broker()


def check_broker() -> None:
    """Raise `BrokerUnavailable` unless the broker answers (the in-process one always does)."""
    broker = _broker()
    try:
        if hasattr(broker, "client"):  # Redis
            broker.client.ping()
        elif hasattr(broker, "get_queue_message_counts"):  # RabbitMQ
            broker.get_queue_message_counts("digitise")
    except Exception as exc:  # any client error means the broker cannot take work
        raise BrokerUnavailable(f"The task broker is unavailable: {exc}") from exc


def checks() -> dict[str, str]:
    """`ok` or the reason, for the object store, the catalogue and the broker."""
    results: dict[str, str] = {}
    for name, check in (
        ("storage", lambda: get_store().check()),
        ("catalogue", lambda: get_catalogue().check()),
        ("broker", check_broker),
    ):
        try:
            check()
            results[name] = "ok"
        except SohoaError as exc:
            results[name] = exc.message
        except Exception as exc:  # a health check reports, it does not crash
            log.exception("health check %s", name)
            results[name] = f"{type(exc).__name__}: {exc}"
    return results


def queue_depths() -> dict[str, int]:
    """Messages waiting (or being worked on) per queue; empty when the broker cannot tell."""
    broker = _broker()
    depths: dict[str, int] = {}
    try:
        for name in sorted(broker.get_declared_queues()):
            if hasattr(broker, "queues") and not hasattr(broker, "client"):  # in-process stub broker
                queue = broker.queues.get(name)
                depths[name] = queue.qsize() if queue is not None else 0
            elif hasattr(broker, "client"):  # Redis keeps each queue's messages in a hash
                depths[name] = int(broker.client.hlen(f"{broker.namespace}:{name}.msgs"))
            elif hasattr(broker, "get_queue_message_counts"):
                depths[name] = int(sum(broker.get_queue_message_counts(name)))
    except Exception:  # metrics must not fail because the broker hiccups
        log.warning("could not read queue depths", exc_info=True)
    return depths
