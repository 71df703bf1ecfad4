from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
