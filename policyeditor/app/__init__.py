"""Jobs shared by the command line and the window: each takes plain arguments and raises PolicyError."""
