"""Stories: group a pile of articles into the stories they tell, at once or incrementally.

>>> from tomtat.stories import group_articles, StoryIndex
>>> groups = group_articles(articles)     # [[0, 3, 7], [1, 2], [4], ...] largest first
>>> index = StoryIndex.load("state/")     # empty if the folder holds no index yet
>>> story_ids = index.add(new_articles)   # "s1", "s4", ... one per article
>>> index.save("state/")
"""

from tomtat.stories.grouping import group_articles
from tomtat.stories.state import Story, StoryIndex

__all__ = ["Story", "StoryIndex", "group_articles"]
