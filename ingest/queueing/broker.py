"""The dramatiq broker: Redis or RabbitMQ when `SOHOA_BROKER_URL` is set, in-process otherwise.

`get_broker()` builds the process's one broker from the settings on first use (not at import) and makes it
dramatiq's global broker; the actors (`actors`, `webhooks`) are declared on it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import dramatiq
from dramatiq.brokers.stub import StubBroker

from core.errors import BrokerUnavailable, ConfigurationError
from core.settings import Settings, get_settings

_lock = threading.Lock()
_broker: dramatiq.Broker | None = None


@contextmanager
def broker_errors() -> Iterator[None]:
    """The one seam for the broker's errors: a Redis/RabbitMQ outage becomes `BrokerUnavailable`."""
    import redis.exceptions

    try:
        yield
    except (
        dramatiq.errors.BrokerConnectionError,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        OSError,
    ) as exc:
        raise BrokerUnavailable(f"The task queue is unavailable: {exc.__class__.__name__}: {exc}") from exc


def make_broker(settings: Settings) -> dramatiq.Broker:
    """A broker for the configured URL; a stub broker run by in-process workers when there is none."""
    url = settings.broker_url
    if not url:
        broker = StubBroker()
        broker.emit_after("process_boot")
        return broker
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=url)
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise ConfigurationError(f"SOHOA_BROKER_URL must start with redis:// or amqp://, not {url.split(':')[0]}://")


def get_broker() -> dramatiq.Broker:
    """The process's one broker, built from the settings on first call and set as dramatiq's global broker."""
    global _broker
    with _lock:
        if _broker is None:
            _broker = make_broker(get_settings())
            dramatiq.set_broker(_broker)
        return _broker


def is_in_process(settings: Settings) -> bool:
    """Whether work runs in this process (no broker configured)."""
    return not settings.broker_url
