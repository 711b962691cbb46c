"""How the window looks: theme colours, zoom steps, local times."""
