"""The Improvement page (board, pick-list, project page, programme log)."""
