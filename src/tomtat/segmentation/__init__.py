"""Segmentation: sentences (``sentences``); words are added by ``words``."""

from tomtat.segmentation.sentences import is_boilerplate_sentence, split_sentences

__all__ = ["is_boilerplate_sentence", "split_sentences"]
