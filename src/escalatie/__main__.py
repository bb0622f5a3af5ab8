"""``python -m escalatie``."""

from escalatie.cli import run

if __name__ == "__main__":
    run()
