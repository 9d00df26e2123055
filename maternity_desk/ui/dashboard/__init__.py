"""The dashboard page: indicator list with SPC icons, charts, monthly entry grid, summary
table and benchmarking against peer units."""
