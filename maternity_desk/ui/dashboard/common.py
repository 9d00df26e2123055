"""What the Dashboard page's tab modules share: the tabs' indexes and titles, the chart and
rule choices offered and a label with its buddy."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

CHART_CHOICES = [("Default (rare events: g-chart)", None), ("XmR (individuals)", "xmr"), ("p-chart", "p"),
                 ("Run chart", "run"), ("g-chart (between events)", "g"), ("CUSUM for a doubling", "cusum")]
RULE_POINTS = [("7 points", None), ("6 points", 6)]
INDICATORS, ENTRY, SUMMARY, BENCHMARK = range(4)
TAB_TITLES = {INDICATORS: "&Indicators", ENTRY: "&Monthly entry", SUMMARY: "&Summary",
              BENCHMARK: "&Benchmarking"}


def label(text: str, buddy, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label
