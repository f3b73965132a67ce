"""Emulated devices that speak the real protocols over real pseudo-terminals (and vpcd for PC/SC)."""
