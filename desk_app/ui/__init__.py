"""The PyQt6 desk. The only package that may import Qt; it holds no SQL and no rules."""
