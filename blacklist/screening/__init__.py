"""Screening: the live index kept in step with the change log, screenings, checks, receipts."""
