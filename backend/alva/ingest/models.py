"""Models arrive with the pipeline work."""
