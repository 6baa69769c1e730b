"""Faults that filter on the query string or the body: only the requests of one object meet them, so several tests
(or cells of a fault matrix) can run side by side with their own faults on a shared collection path."""

import pytest

API = "/api/v2"


def create_destinations(emu, *ids):
    return emu.raw("POST", API + "/dispatch/destinations",
                   json={"destinations": [{"id": i, "data": {"name": i.upper()}} for i in ids]})


def test_a_body_filter_picks_the_request_that_names_its_object(emu):
    emu.add_fault(method="POST", path_regex="^/api/v2/dispatch/destinations$", body_regex='"mine-1"', status=503,
                  retry_after=1)
    assert create_destinations(emu, "other-1").status_code == 204       # another object's request passes
    refused = create_destinations(emu, "mine-1")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert create_destinations(emu, "mine-1").status_code == 204        # the fault was used up
    assert emu.raw("GET", API + "/dispatch/destinations/mine-1").json()["name"] == "MINE-1"


def test_a_body_filter_keeps_the_body_for_a_delay_with_commit(emu):
    emu.add_fault(method="POST", path_regex="^/api/v2/dispatch/destinations$", body_regex='"late-1"', action="delay",
                  seconds=0.2, commit=True)
    assert create_destinations(emu, "late-1").status_code == 204
    assert emu.raw("GET", API + "/dispatch/destinations/late-1").json()["name"] == "LATE-1"


def test_a_query_filter_picks_the_request_with_that_query(emu):
    emu.add_fault(method="GET", path_regex="^/api/v2/dispatch/destinations$", query_regex="filter=x", status=429)
    assert emu.raw("GET", API + "/dispatch/destinations").status_code == 200
    assert emu.raw("GET", API + "/dispatch/destinations", params={"filter": "x"}).status_code == 429
    assert emu.raw("GET", API + "/dispatch/destinations", params={"filter": "x"}).status_code == 200


@pytest.mark.parametrize("spec, says", [
    ({"body_regex": ""}, "body_regex must be a non-empty regular expression string"),
    ({"query_regex": 3}, "query_regex must be a non-empty regular expression string"),
    ({"body_regex": "("}, "Invalid body_regex"),
])
def test_bad_filters_are_refused(emu, spec, says):
    answer = emu.raw("POST", "/__emulator/faults", auth=None,
                     json=dict(spec, path_regex="^/api/v2/ping$", status=503))
    assert answer.status_code == 400 and says in answer.json()["message"]
