"""The public tier: what anyone may look up without a token, and the yearly account."""
