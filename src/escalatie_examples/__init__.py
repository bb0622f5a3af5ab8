"""escalatie_examples: a plugin package for escalatie."""
