"""Reading inputs and writing outputs; kept apart from the passes, which never touch files."""
