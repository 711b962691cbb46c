"""The window shell: builds the feature parts and wires their signals; actions, preferences, opening."""
