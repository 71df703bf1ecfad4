"""Wagtail admin pieces shared by the apps: the delete view that refuses to delete what others still use, and
Wagtail's user admin with our user model's fields. Ground: any app may import it; it imports no app."""
