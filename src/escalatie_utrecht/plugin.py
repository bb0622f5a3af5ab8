"""The utrecht plugin: registers its escalation models with the escalatie core."""
