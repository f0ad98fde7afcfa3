"""Issue 12 (hardening): every problem of the attack pass reproduced, one module per area."""
