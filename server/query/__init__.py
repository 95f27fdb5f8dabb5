"""The query machinery: the runner (cache and coalescing), the worker pool, the worker process, and
the functions a worker runs for each job. Nothing here imports Flask, so workers start light."""
