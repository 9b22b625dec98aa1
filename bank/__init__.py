"""The bank: a shared flexible workforce that fills providers' shifts."""
