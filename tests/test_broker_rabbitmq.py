"""RabbitMQ, as `SOHOA_BROKER_URL=amqp://…` uses it: a message sent through sohoa's broker reaches a worker,
and the queue counts the health check reads answer. On the machine's RabbitMQ, on a queue of this test's own."""

from __future__ import annotations

import secrets
import time

import dramatiq

from core.settings import Settings
from ingest.queueing.broker import make_broker


def test_a_message_sent_over_rabbitmq_reaches_a_worker_and_the_queue_counts_answer(rabbitmq_url: str) -> None:
    broker = make_broker(Settings(broker_url=rabbitmq_url))
    assert type(broker).__name__ == "RabbitmqBroker"
    queue = f"sohoa-test-{secrets.token_hex(4)}"
    received: list[str] = []

    @dramatiq.actor(broker=broker, queue_name=queue, actor_name=f"echo_{queue}", max_retries=0)
    def echo(text: str) -> None:
        received.append(text)

    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        echo.send("Nguyễn Văn Đức")
        deadline = time.monotonic() + 30
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
        counts = broker.get_queue_message_counts(queue)  # what `ingest.reads.health` reads for queue depths
    finally:
        worker.stop()
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            broker.channel.queue_delete(name)
        broker.close()
    assert received == ["Nguyễn Văn Đức"]
    assert counts == (0, 0, 0)
