"""Infrastructure: settings, the database, the clock, the calendar, keys and signatures."""
