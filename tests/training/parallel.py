"""Real parallel work for the postgres_only race tests: threads released together, each on its own connection."""

import threading

from django.db import connection


def run_in_parallel(work, count):
    """Run `work(i)` in `count` threads released together, each on its own connection; collect errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
