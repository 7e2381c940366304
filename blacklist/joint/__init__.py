"""Joint punishment across authorities (联合惩戒): the entries of other authorities, moved in
by an import or kept by pulling a source's change feed. They are read-only here."""
