"""CPU-bound work off the event loop: a process pool with a per-call deadline.

Imports only the error tree; extraction, the engines and the service receive a pool, never build one.
"""

from bot.cpu.pool import CpuPool

__all__ = ["CpuPool"]
