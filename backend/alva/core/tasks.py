"""Dramatiq wiring: the Redis broker, the tenant middleware and the `actor` decorator every task uses.

The schema a message runs in travels inside the message (options["tenant_schema"]), captured at
enqueue time from the active connection. Tenant-scoped actors refuse to run without one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import dramatiq
import sentry_sdk
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware, MiddlewareError, SkipMessage, default_middleware

from alva.core.tenancy import activate_schema, current_schema, deactivate_tenant

logger = logging.getLogger(__name__)

TENANT_OPTION = "tenant_schema"
PUBLIC_SCHEMA = "public"

P = ParamSpec("P")
R = TypeVar("R")


class TenantContextMissing(MiddlewareError):
    """A tenant-scoped actor was sent from, or received in, the public schema.

    A MiddlewareError, because Dramatiq logs and swallows any other exception raised by middleware.
    """


class TenantContextError(MiddlewareError):
    """The message's schema could not be entered; the message fails (and is retried) instead of running elsewhere."""


class TenantMiddleware(Middleware):
    """Carry the active schema with each message; enter it before processing, reset to public after."""

    @property
    def actor_options(self) -> set[str]:
        return {"tenant_scoped"}

    def before_enqueue(self, broker: dramatiq.Broker, message: dramatiq.Message[Any], delay: int) -> None:
        if TENANT_OPTION in message.options:
            return
        schema = current_schema()
        if _is_tenant_scoped(broker, message.actor_name) and schema == PUBLIC_SCHEMA:
            raise TenantContextMissing(f"{message.actor_name} must be sent from a tenant context")
        message.options[TENANT_OPTION] = schema

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        schema = message.options.get(TENANT_OPTION) or PUBLIC_SCHEMA
        if _is_tenant_scoped(broker, message.actor_name) and schema == PUBLIC_SCHEMA:
            # No retry can fix a message without a tenant; fail closed and make it visible.
            logger.error("Skipping %s %s: no tenant schema", message.actor_name, message.message_id)
            sentry_sdk.capture_exception(TenantContextMissing(message.actor_name))
            raise SkipMessage()
        try:
            if schema == PUBLIC_SCHEMA:
                deactivate_tenant()
            else:
                activate_schema(schema)
        except Exception as exc:
            raise TenantContextError(f"cannot enter schema {schema!r}") from exc

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        deactivate_tenant()

    def after_skip_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        deactivate_tenant()


class DbConnectionsMiddleware(Middleware):
    """Give each message a healthy connection and close everything when a worker thread stops."""

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        close_old_connections()

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        close_old_connections()

    after_skip_message = before_process_message

    def before_worker_thread_shutdown(self, broker: dramatiq.Broker, thread: Any) -> None:
        connections.close_all()


def _is_tenant_scoped(broker: dramatiq.Broker, actor_name: str) -> bool:
    try:
        return bool(broker.get_actor(actor_name).options.get("tenant_scoped"))
    except dramatiq.errors.ActorNotFound:
        return False


def build_broker() -> RedisBroker:
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        url=settings.DRAMATIQ_REDIS_URL,
        middleware=[m() for m in default_middleware] + [DbConnectionsMiddleware(), TenantMiddleware()],
    )
    for queue in settings.DRAMATIQ_QUEUES:
        broker.declare_queue(queue)
    return broker


broker = build_broker()
dramatiq.set_broker(broker)


def actor(
    *,
    actor_name: str,
    queue_name: str,
    tenant_scoped: bool,
    max_retries: int = 5,
    time_limit_ms: int | None = None,
    min_backoff_ms: int = 1_000,
    max_backoff_ms: int = 5 * 60 * 1000,
) -> Callable[[Callable[P, R]], dramatiq.Actor[P, R]]:
    """Declare an actor with every policy spelled out (engineering.md rule 4)."""
    if queue_name not in settings.DRAMATIQ_QUEUES:
        raise ValueError(f"Unknown queue {queue_name!r}")

    def decorate(fn: Callable[P, R]) -> dramatiq.Actor[P, R]:
        return dramatiq.Actor(
            fn,
            actor_name=actor_name,
            queue_name=queue_name,
            broker=broker,
            priority=0,
            options={
                "max_retries": max_retries,
                "time_limit": time_limit_ms or settings.DRAMATIQ_DEFAULT_TIME_LIMIT_MS,
                "min_backoff": min_backoff_ms,
                "max_backoff": max_backoff_ms,
                "tenant_scoped": tenant_scoped,
            },
        )

    return decorate


def send_to_tenant(actor: dramatiq.Actor[Any, Any], schema_name: str, *args: Any) -> dramatiq.Message[Any]:
    """Enqueue for a tenant other than the active one; only provisioning and support need this."""
    options: dict[str, Any] = {TENANT_OPTION: schema_name}
    return actor.send_with_options(args=args, **options)


def enqueue_on_commit(actor: dramatiq.Actor[Any, Any], *args: Any, delay_ms: int | None = None) -> None:
    """Send `actor` after the current transaction commits, into the schema active *now*.

    The schema is captured at registration, because a callback may run after the request has
    reset to public. A broker outage is logged, never raised into the caller: every piece of
    durable state that a message stands for has a sweeper that re-sends it.
    """
    schema = current_schema()

    options: dict[str, Any] = {TENANT_OPTION: schema}

    def send() -> None:
        try:
            actor.send_with_options(args=args, delay=delay_ms, **options)
        except Exception:
            logger.warning("could not enqueue %s%r; its sweeper will", actor.actor_name, args, exc_info=True)

    transaction.on_commit(send)
