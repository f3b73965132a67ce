"""Group and school batches: the template, reading messy spreadsheets, one outcome per row."""
