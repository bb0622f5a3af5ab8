"""The core's own behaviour, registered as internal plugins on the same manager as any other."""
