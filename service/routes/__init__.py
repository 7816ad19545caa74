"""HTTP routers, one per file: health.py (/healthz), api.py (/api/…), pages.py (HTML pages)."""
