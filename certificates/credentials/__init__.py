"""Signed portable credentials: Open Badges 3.0 with eddsa-rdfc-2022 proofs, did:web keys and status lists."""
