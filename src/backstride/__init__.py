"""backstride: why does my back hurt after running? Answers from the runner's own data."""

__version__ = "0.1.0"

__all__ = ["__version__"]
