"""The roof: the root URLconf, the account pages and the site-wide search, which show every app. Roof: it may
import any app; no app and no ground module may import it (Django reaches it through ROOT_URLCONF)."""
