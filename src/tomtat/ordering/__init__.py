"""Ordering stage: arrange picked sentences into a readable summary."""

from tomtat.ordering.chronological import chronological_order

__all__ = ["chronological_order"]
