"""The party's side (DOMAIN.md §9): repair applications, objections, the repair notice."""
