"""Running the portal: backup and restore, private and object storage, the 503 page while the database is away,
the page and site caches, `check --deploy`'s own checks, health endpoints and metrics.
Ground: any app may import it; it imports no app."""
