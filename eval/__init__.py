"""Dafu evaluation harness: `python -m eval` or `dafu eval` (see eval/README.md)."""
