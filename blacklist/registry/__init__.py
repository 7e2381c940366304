"""The registry: parties, the negative list's lifecycle, and administrative penalties."""
