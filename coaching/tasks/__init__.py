"""Celery tasks: thin wrappers that take ids (or an ISO date) and call one service.

One module per concern. Celery's autodiscovery imports ``coaching.tasks``, so this
package imports every module to register its tasks. ``schedule.py`` holds the beat
schedule and imports nothing from the app: the settings read it by path.

Services that enqueue a task import it inside the function that enqueues it, because
task modules import their services at the top.
"""

from . import alerts, imports, notifications, outbox, pulse, system  # noqa: F401
