"""Use cases: each one function over a unit of work, each one transaction, each one audited."""
