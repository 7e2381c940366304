"""The trail: the change log every feed and index reads, and the hash-chained audit events."""
