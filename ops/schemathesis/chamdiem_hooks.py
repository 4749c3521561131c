"""Schemathesis hooks for chamdiem.

Two things the defaults do not know:

* chamdiem's own scalars: `NaiveDate` (a calendar date, `YYYY-MM-DD`) and
  `Upload` (a multipart file, which a JSON request cannot carry: null, so
  that the request is refused whole);
* its contract for refusals. Schemathesis' `not_a_server_error` counts every
  GraphQL error with a `path` as a resolver failure, but chamdiem refuses bad
  input there on purpose, as the GraphQL specification expects: an error
  with a stable `extensions.code` and a Vietnamese message. The check below
  holds the server to that instead: never 5xx, every error coded, never
  INTERNAL.
"""

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

schemathesis.graphql.scalar(
    "NaiveDate",
    st.one_of(
        st.dates().map(lambda day: nodes.String(day.isoformat())),
        st.text(max_size=20).map(nodes.String),
    ),
)
schemathesis.graphql.scalar("Upload", st.just(nodes.Null))


@schemathesis.check
def refusals_are_coded_and_never_internal(ctx, response, case):
    """No 5xx; every error has extensions.code and a message; none is INTERNAL."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError as error:
        raise AssertionError(f"the answer is not JSON: {error}") from error
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if not code:
            raise AssertionError(f"an error without extensions.code: {error}")
        if code == "INTERNAL":
            raise AssertionError(f"an internal error: {error}")
        if not error.get("message"):
            raise AssertionError(f"an error without a message: {error}")
