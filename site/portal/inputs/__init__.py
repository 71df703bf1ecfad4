"""Hostile values in forms and URLs become a form error or a 404, never a server error: bounded model-choice
fields and the `<id:>` URL converter (findings of tests/fuzz). Ground: any app may import it; it imports no app."""
