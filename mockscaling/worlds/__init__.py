"""Where a fake's world comes from and goes to: seeds, scenarios and state files (above the store)."""
