"""The store's document format and its checks: encoding records as JSON, value and shape limits (below the store)."""
