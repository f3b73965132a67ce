"""The union service: the only program that connects to the union's PostgreSQL.

Desks talk to it over HTTPS with a credential of their own (`enrol-desk` gives a one-time code, `join` turns
it into a random token kept in the desk's keyring; the service stores only its hash). Staff sign in against
the union. A desk pushes the use cases it ran as commands; the service runs each again through the same core
rules, for that staff member at that desk, so a desk can never cause a row the rules would not have written.
"""
