"""The monthly report as a PDF (issue 20, §2) for the board and the supervisory authority: the month's clocks,
money, rejection reasons, enrollments and the public figures, in French or Arabic (right to left)."""
