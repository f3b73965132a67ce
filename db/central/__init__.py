"""The central PostgreSQL database of the union: its schema, its migrations, its rules, and the desk roles."""
