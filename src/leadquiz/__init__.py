"""leadquiz: where do you stand between managing and leading, area by area."""

__version__ = "0.1.0"
