"""``python -m escalatie``."""

from escalatie.cli import main

if __name__ == "__main__":
    main()
