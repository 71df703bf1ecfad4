import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # site/, home of `portal`
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
