"""What a test author touches: the pytest plugin, `mock()`/`MockScaling`, `given`, `calls`, live mode and interception."""
