"""The monthly return: export page and the PDF report pack."""
