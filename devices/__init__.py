"""ID reader, barcode scanner and PC/SC card reader, each behind an interface with an emulator (issue: devices)."""
