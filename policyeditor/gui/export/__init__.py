"""The export dialog and the job it runs."""
