"""The second-generation ID card reader: GA 467 frames over a serial port, and the chip's text block."""
