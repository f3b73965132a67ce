"""Use cases and rules of the card desk. No Qt and no database engine here (see the import contracts)."""
