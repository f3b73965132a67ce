"""ReportLab layouts of the forms, receipts and card faces, and sending a PDF to a printer (issue: printing)."""
