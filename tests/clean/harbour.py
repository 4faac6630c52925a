"""Prose of a fictional harbour town, shared by the clean stage's rule tests: article
paragraphs any rule must keep."""

PROSE = (
    "The ferry service between Port Alder and Wrenholm resumed on Monday after a week of storms, "
    "and the harbour master said the first crossings were full within an hour of opening."
)

PROSE2 = (
    "Council members agreed on Tuesday to pay for new mooring posts, a decision that local fishers "
    "had sought since the pier was damaged in the winter gales two years ago."
)

PROSE3 = (
    "Engineers from the regional authority will inspect the breakwater next month and report to the "
    "council on whether the older stones need to be replaced before the autumn season begins."
)
