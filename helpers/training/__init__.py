"""Making the collection count for training: the 2025 RCGP curriculum map of every notebook's
objectives (``curriculum``), the exam-style practice over the whole question bank
(``practise``, notebook 10) and the learning-log entry at the end of every notebook
(``reflection``)."""

from .curriculum import (  # noqa: F401
    capabilities_covered, curriculum_source_ids, map_html, map_markdown, mappings, show_map, notebook_objectives, objectives_html, show_objectives,
)
from .practise import Practice, PractiseWidget, Tally, bank_html, show_bank  # noqa: F401
from .reflection import NotebookReflection, show_reflection  # noqa: F401
