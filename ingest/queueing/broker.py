"""The dramatiq broker: Redis or RabbitMQ when `SOHOA_BROKER_URL` is set, in-process otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dramatiq
from dramatiq.brokers.stub import StubBroker

from core.errors import BrokerUnavailable
from core.settings import Settings


@contextmanager
def broker_errors() -> Iterator[None]:
    """The one seam for the broker's errors: a Redis/RabbitMQ outage becomes `BrokerUnavailable`."""
    import redis.exceptions

    try:
        yield
    except (dramatiq.errors.BrokerConnectionError, redis.exceptions.ConnectionError,
            redis.exceptions.TimeoutError, OSError) as exc:
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
    raise ValueError(f"SOHOA_BROKER_URL must start with redis:// or amqp://, not {url.split(':')[0]}://")


def is_in_process(settings: Settings) -> bool:
    """Whether work runs in this process (no broker configured)."""
    return not settings.broker_url
