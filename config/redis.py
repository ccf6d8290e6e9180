"""The settings that make one Redis the Celery broker, result store and cache.

Kept apart from the settings modules so that the tests can build the very same
configuration for a Redis that cannot be reached, and prove what a lost Redis does.

Every connection gives up quickly: Celery's defaults retry the broker and the result store
for about 20 seconds, which a web request would spend waiting after its data was already
saved. Here a publish fails within about a second; the task then waits in the outbox
(``coaching/services/outbox.py``) until the broker is back, and the throttle lets requests
through when it cannot count them.
"""


def redis_settings(url: str, *, timeout: float = 1.0) -> dict:
    """``CELERY_*`` and ``CACHES`` for a Redis at ``url``; ``timeout`` caps each connect and read (seconds)."""
    sockets = {"socket_connect_timeout": timeout, "socket_timeout": max(timeout, 5.0)}
    # One quick retry, then the caller hears of the failure.
    once = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
    return {
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CELERY_BROKER_CONNECTION_TIMEOUT": timeout,
        "CELERY_BROKER_TRANSPORT_OPTIONS": dict(sockets),
        "CELERY_TASK_PUBLISH_RETRY_POLICY": dict(once),
        "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS": {"retry_policy": dict(once)},
        "CELERY_REDIS_SOCKET_CONNECT_TIMEOUT": timeout,
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": dict(sockets),
            }
        },
    }
