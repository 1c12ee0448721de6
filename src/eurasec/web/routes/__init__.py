"""One router module per resource; ``create_app`` includes every module's ``router``."""

__all__: list[str] = []
