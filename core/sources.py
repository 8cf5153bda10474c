"""Where a figure or record came from, in words: seed documents by their title.

Fixture rows keep the file they were read from (`003_5ecd914f51a1d3e6.txt`) as their
`source`; pages show the document's title instead ("Multi-agency Looked After Children and Care
Leavers' Strategy 2016/2019"), from fixtures/documents.yaml. Other text is shown as it is.
"""

import re
from functools import lru_cache

from django.conf import settings

from core.loaders import read_yaml

SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@lru_cache(maxsize=1)
def document_titles() -> dict[str, str]:
    return read_yaml(
        settings.BASE_DIR / "fixtures", "documents.yaml", error=ValueError, expect=dict
    )


def source_text(source) -> str:
    """The source with every seed file name replaced by its document's title."""
    titles = document_titles()
    return SEED_FILE.sub(lambda m: titles.get(m.group(0), m.group(0)), str(source or ""))
