import os

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405

# `make run` starts the scheduler and the task worker beside the server, each with its own local-memory cache: a
# page they publish would not drop the server's cached copy, so the page cache is off here unless asked for.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))  # noqa: F405
SECTION_CACHE_SECONDS = int(os.environ.get("SECTION_CACHE_SECONDS", "0"))  # noqa: F405  (the same reason)
