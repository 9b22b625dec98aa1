"""xAPI learning records: the statement store, the xAPI API and the outbox to an external LRS."""
