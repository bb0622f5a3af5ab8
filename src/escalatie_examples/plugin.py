"""The examples plugin: registers its escalation models with the escalatie core."""
