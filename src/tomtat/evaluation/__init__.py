"""Evaluation: corpora loaders, Vietnamese ROUGE, bootstrap CIs, an oracle and baseline peers.

Importing this package is cheap: ``rouge_score`` and ``sumy`` are imported only when a scorer
or a sumy peer is actually used.
"""

from tomtat.evaluation.bootstrap import bootstrap_ci
from tomtat.evaluation.datasets import (
    EvalCluster,
    load_abmusu,
    load_dataset,
    load_vnmds,
)
from tomtat.evaluation.oracle import greedy_oracle
from tomtat.evaluation.peers import (
    SumyTokenizer,
    lead,
    lead_rr,
    sumy_lexrank,
    sumy_textrank,
)
from tomtat.evaluation.rouge import ROUGE_TYPES, RougeScorer, tokenize, truncate

__all__ = [
    "ROUGE_TYPES",
    "EvalCluster",
    "RougeScorer",
    "SumyTokenizer",
    "bootstrap_ci",
    "greedy_oracle",
    "lead",
    "lead_rr",
    "load_abmusu",
    "load_dataset",
    "load_vnmds",
    "sumy_lexrank",
    "sumy_textrank",
    "tokenize",
    "truncate",
]
