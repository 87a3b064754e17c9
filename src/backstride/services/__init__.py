"""The use cases: the one place where I/O (store, files) meets the pure layers."""

from backstride.services.importing import ImportReport, estimate_count, import_paths

__all__ = ["ImportReport", "estimate_count", "import_paths"]
