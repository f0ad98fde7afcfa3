"""Route functions, one module per resource family."""
