#!/usr/bin/env python
"""Django's command-line utility. `site/` holds the project package `portal`."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # `site` is a stdlib module, so the folder itself is not a package: put it on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
