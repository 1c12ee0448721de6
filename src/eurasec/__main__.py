"""``python -m eurasec`` runs the CLI."""

from eurasec.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
