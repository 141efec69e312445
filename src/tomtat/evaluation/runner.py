"""``tomtat eval``: summarize every cluster of a corpus with tomtat and its peers, score them.

Every system sees the same normalized documents, and scores are ROUGE F/P/R on the first
``budget`` syllables, averaged over references, then over clusters, with a bootstrap
interval for ROUGE-2 F1.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tomtat.errors import InputError
from tomtat.evaluation.bootstrap import bootstrap_ci
from tomtat.evaluation.datasets import EvalCluster
from tomtat.evaluation.oracle import greedy_oracle
from tomtat.evaluation.rouge import ROUGE_TYPES, RougeScorer
from tomtat.models import Budget, Document

PEERS: tuple[str, ...] = ("LEAD", "LEAD-RR", "sumy-LexRank", "oracle")

System = Callable[[EvalCluster, list[Document]], str]


@dataclass
class SystemResult:
    name: str
    # per cluster, per rouge type: (p, r, f)
    scores: np.ndarray  # shape (n_clusters, 3 rouge types, 3 measures)
    seconds: float
    ci_r2: tuple[float, float] = (0.0, 0.0)

    def mean(self, rouge: str = "rouge2", measure: str = "f") -> float:
        r = ROUGE_TYPES.index(rouge)
        m = "prf".index(measure)
        return float(self.scores[:, r, m].mean()) if len(self.scores) else 0.0

    def to_dict(self) -> dict:
        out: dict = {"system": self.name, "seconds": round(self.seconds, 3)}
        for rouge in ROUGE_TYPES:
            out[rouge] = {m: round(self.mean(rouge, m), 2) for m in "prf"}
        out["rouge2"]["f_ci95"] = [round(self.ci_r2[0], 2), round(self.ci_r2[1], 2)]
        return out


@dataclass
class EvalReport:
    corpus: str
    n_clusters: int
    budget: int
    results: list[SystemResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # articles left out, and why
    fill: bool = True
    segmenter: str = "syllables"

    def to_dict(self) -> dict:
        return {
            "corpus": self.corpus,
            "clusters": self.n_clusters,
            "budget": self.budget,
            "fill": self.fill,  # runs with and without --no-fill must be told apart
            "segmenter": self.segmenter,
            "results": [r.to_dict() for r in self.results],
            "warnings": self.warnings,
        }


def _peer(name: str, budget: int) -> System:
    from tomtat.evaluation import peers

    if name == "oracle":

        def oracle(c: EvalCluster, docs: list[Document]) -> str:
            texts = [s.text for d in docs for s in d.sentences]
            return " ".join(texts[i] for i in greedy_oracle(texts, c.references, budget))

        return oracle
    fn = {"LEAD": peers.lead, "LEAD-RR": peers.lead_rr, "sumy-LexRank": peers.sumy_lexrank}[name]
    return lambda _c, docs: " ".join(fn(docs, budget))


def _method(method: str, budget: Budget) -> System:
    from tomtat.summarizers import get_summarizer

    summarizer = get_summarizer(method)
    return lambda _c, docs: summarizer(docs, budget).text


def score_system(
    name: str,
    system: System,
    clusters: Sequence[EvalCluster],
    documents: Sequence[list[Document]],
    budget: int,
    scorer: RougeScorer,
) -> SystemResult:
    scores = np.zeros((len(clusters), len(ROUGE_TYPES), 3))
    elapsed = 0.0
    for k, (c, docs) in enumerate(zip(clusters, documents, strict=True)):
        t0 = time.perf_counter()
        text = system(c, docs)
        elapsed += time.perf_counter() - t0
        result = scorer.score(text, c.references, budget)
        for r, rouge in enumerate(ROUGE_TYPES):
            scores[k, r] = [result[rouge][m] for m in "prf"]
    res = SystemResult(name, scores, elapsed)
    res.ci_r2 = bootstrap_ci(scores[:, ROUGE_TYPES.index("rouge2"), 2])
    return res


def build_cluster_documents(
    clusters: Sequence[EvalCluster], *, segmenter: str = "syllables"
) -> tuple[list[list[Document]], list[str]]:
    """Each cluster's documents, and a warning for every article left out (empty, no
    sentence, a copy of another) or read without a body (an AbMuSu ``raw_text`` of ""). A
    cluster left with no document raises :class:`InputError`: a system would score 0 on it
    and drag every mean down."""
    from tomtat.documents import build_documents

    documents, warnings = [], []
    for cluster in clusters:
        docs, dropped = build_documents(cluster.articles, segmenter=segmenter)
        if not docs:
            origin = cluster.origin or f"cluster {cluster.id}"
            raise InputError(origin, "no article has a usable sentence (nothing to summarize)")
        documents.append(docs)
        warnings.extend(dropped)
        kept = {d.id for d in docs}
        warnings.extend(
            f"{a.origin}: its body text is empty (read from its title and lead only)"
            for a in cluster.articles
            if not a.text.strip() and a.id in kept
        )
    return documents, warnings


def evaluate(
    corpus: str,
    clusters: Sequence[EvalCluster],
    *,
    methods: Sequence[str] = ("default",),
    peers: Sequence[str] = PEERS,
    budget: int = 180,
    fill: bool = True,
    segmenter: str = "syllables",
    extra_systems: dict[str, Callable[[Sequence[EvalCluster]], list[str]]] | None = None,
    on_system: Callable[[str], None] = lambda _name: None,
    documents: tuple[list[list[Document]], list[str]] | None = None,
) -> EvalReport:
    """Score ``methods`` and ``peers`` on ``clusters``.

    ``extra_systems`` maps a name to a function producing one summary per cluster at once
    (cross-validated methods need to see all clusters to split them into folds).
    ``documents`` is :func:`build_cluster_documents`' result, when the caller has it.
    """
    built, warnings = documents or build_cluster_documents(clusters, segmenter=segmenter)
    scorer = RougeScorer()
    report = EvalReport(
        corpus, len(clusters), budget, warnings=list(warnings), fill=fill, segmenter=segmenter
    )
    for method in methods:
        on_system(method)
        system = _method(method, Budget(budget, "syllables", fill))
        label = f"tomtat {method}"
        report.results.append(score_system(label, system, clusters, built, budget, scorer))
    for name, produce in (extra_systems or {}).items():
        on_system(name)
        t0 = time.perf_counter()
        texts = produce(clusters)
        seconds = time.perf_counter() - t0
        lookup = {id(c): t for c, t in zip(clusters, texts, strict=True)}
        res = score_system(
            name, lambda c, _d, found=lookup: found[id(c)], clusters, built, budget, scorer
        )
        res.seconds = seconds
        report.results.append(res)
    for name in peers:
        on_system(name)
        report.results.append(
            score_system(name, _peer(name, budget), clusters, built, budget, scorer)
        )
    return report


def format_table(report: EvalReport) -> str:
    """A plain-text table, one system a row (F1 with P/R for ROUGE-2 and the 95% interval)."""
    width = max([24, *(len(r.name) for r in report.results)])  # "tomtat learned (5-fold CV)"
    header = (
        f"{report.corpus}: {report.n_clusters} clusters, first {report.budget} syllables\n"
        f"{'system':{width}s} {'R1-F':>6s} {'R2-F':>6s} {'R2 95% CI':>14s} {'R2-P':>6s} "
        f"{'R2-R':>6s} {'RL-F':>6s} {'sec':>7s}"
    )
    rows = [header]
    for r in report.results:
        ci = f"[{r.ci_r2[0]:.2f}, {r.ci_r2[1]:.2f}]"
        rows.append(
            f"{r.name:{width}s} {r.mean('rouge1'):6.2f} {r.mean('rouge2'):6.2f} {ci:>14s} "
            f"{r.mean('rouge2', 'p'):6.2f} {r.mean('rouge2', 'r'):6.2f} "
            f"{r.mean('rougeL'):6.2f} {r.seconds:7.2f}"
        )
    return "\n".join(rows)
