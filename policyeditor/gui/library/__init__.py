"""The team library in the window: open from it, the copy's standing, settling conflicts."""
