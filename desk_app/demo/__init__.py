"""Synthetic people and demo data: never a real person's details."""
