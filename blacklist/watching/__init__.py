"""Watches: a bid's parties re-screened on every change until the award, with alerts."""
