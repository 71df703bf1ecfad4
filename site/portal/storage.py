"""Old home of operations/storage.py, kept because training's migration 0004 imports this module by that name."""

from portal.operations.storage import private_storage  # noqa: F401
