"""Selection stage: choose non-redundant sentences under a budget, and cite their sources."""

from tomtat.selection.attribution import citations
from tomtat.selection.budgeted import select_by_coverage, select_by_score, select_mmr
from tomtat.selection.redundancy import near_duplicates

__all__ = ["citations", "near_duplicates", "select_by_coverage", "select_by_score", "select_mmr"]
