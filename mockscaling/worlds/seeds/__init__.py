"""Built-in seed documents (package data)."""
