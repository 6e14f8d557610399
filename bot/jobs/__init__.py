"""Background work: the worker that runs queued jobs, housekeeping, and in-process single-flight.

Imports the store's queue; never an engine internals or an adapter.
"""

from bot.jobs.housekeeping import Housekeeper, Pruned
from bot.jobs.ingress import Ingress
from bot.jobs.single_flight import SingleFlight
from bot.jobs.stopping import STOP_GRACE_SECONDS
from bot.jobs.worker import JobHandler, JobWorker
from bot.store import Job, JobQueue

__all__ = [
    "STOP_GRACE_SECONDS",
    "Housekeeper",
    "Ingress",
    "Job",
    "JobHandler",
    "JobQueue",
    "JobWorker",
    "Pruned",
    "SingleFlight",
]
