"""`mockscaling snapshot`: read a Scaling organization through its REST API into a seed document (see docs/snapshot.md)."""
