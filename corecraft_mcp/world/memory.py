"""Giving the memory of closed episodes back to the operating system.

Each episode's world is a multi-megabyte SQLite image. glibc serves such blocks with mmap at
first, but its threshold for doing so rises to the size of the first one freed, and later images
then come from the heap, which glibc does not shrink while anything above them lives: a server
that had 256 episodes kept their 1.2 GB after all were deleted. Pinning the threshold keeps every
image in its own mapping, unmapped on close (and forks get a little faster, not slower)."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt parameter, from glibc's malloc.h
MMAP_THRESHOLD_BYTES = 1 << 20  # blocks of 1 MiB and more are mapped, never heap


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def map_large_blocks() -> bool:
    """Serve world images from their own mappings (a process-wide allocator setting, so only
    long-lived servers call it). False where the C library is not glibc."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def trim() -> None:
    """Return free heap pages (smaller blocks freed with the episodes) to the system."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
