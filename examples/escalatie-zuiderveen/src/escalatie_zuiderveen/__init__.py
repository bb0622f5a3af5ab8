"""escalatie-zuiderveen: the wijktafel of the fictional municipality of Zuiderveen."""
