"""Jobs shared by the command line and the window."""
