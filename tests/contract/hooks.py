"""schemathesis hooks for the contract run: the identifier formats the document names.

A USCC (GB 32100) or an ID number (GB 11643) carries a check character that no JSON Schema
keyword can state; the document names their formats, and these strategies make valid ones.
"""

import schemathesis
from hypothesis import strategies as st

from tests.factories import make_id_number, make_uscc

_SEEDS = st.integers(min_value=0, max_value=10**6)

schemathesis.openapi.format("uscc", _SEEDS.map(make_uscc))
schemathesis.openapi.format("id-number", _SEEDS.map(make_id_number))
