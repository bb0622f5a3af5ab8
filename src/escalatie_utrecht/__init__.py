"""escalatie_utrecht: a plugin package for escalatie."""
