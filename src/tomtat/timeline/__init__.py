"""Timeline stage: dated, cited, de-duplicated sentences of a story in date order."""

from tomtat.timeline.build import TimelineEntry, build_timeline
from tomtat.timeline.dates import DateMention, find_dates

__all__ = ["DateMention", "TimelineEntry", "build_timeline", "find_dates"]
