"""Run leadquiz as ``python -m leadquiz``."""

from leadquiz.cli import main

main()
