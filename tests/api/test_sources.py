"""Another deployment of this service as the province: the city pulls its signed change feed,
keeps a verified copy that refuses bidders, follows its removals, stops on a bad page, retries
an unavailable source, and two deployments subscribed to each other never echo."""

import time
import uuid

import pytest

from blacklist.infra import bootstrap
from blacklist.infra.clock import FixedClock
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.joint import pull, sources
from tests.api.test_import import unsettled_tables
from tests.api.test_screening import decision
from tests.conftest import START
from tests.fakes import DeploymentFetcher
from tests.factories import company, file_and_publish

PROVINCE = "http://province.test/api/v1/changes"
CITY = "http://city.test/api/v1/changes"
RECHECK = 0.05     # how soon the province's running process sees its rotated key


def _deployment(home):
    settings = Settings.from_env({"BLACKLIST_HOME": str(home),
                                  "DATABASE_URL": f"sqlite:///{home / 'blacklist.db'}",
                                  "BLACKLIST_KEYS_RECHECK_SECONDS": str(RECHECK)})
    rt = Runtime.from_settings(settings, FixedClock(START))
    bootstrap.init(rt)
    from api import create_app

    app = create_app(runtime=rt)
    app.config["TESTING"] = True
    return rt, app.test_client()


def _token(rt, org, *roles):
    now, keys = int(time.time()), rt.settings.keys
    body = {"sub": f"{org}-clerk", "org": org, "roles": list(roles), "iat": now,
            "exp": now + 3600, "iss": keys.issuer, "aud": keys.audience,
            "jti": str(uuid.uuid4())}
    return rt.keys.sign_token(body)


@pytest.fixture(autouse=True)
def _fresh_process():
    pull._tried.clear()     # each test is a new process: every source is due


@pytest.fixture
def province(tmp_path):
    rt, client = _deployment(tmp_path / "province")
    yield rt, client
    rt.db.dispose()


@pytest.fixture
def fetcher(client, province):
    return DeploymentFetcher({"province.test": province[1], "city.test": client})


@pytest.fixture
def seams(request):
    return {}


@pytest.fixture
def runtime(settings, clock, fetcher_holder):
    rt = Runtime.from_settings(settings, clock, fetcher=fetcher_holder)
    yield rt
    rt.db.dispose()


class _Holder:
    """The city's fetcher, wired once both deployments exist."""

    target = None

    def get(self, *args):
        return self.target.get(*args)


@pytest.fixture
def fetcher_holder():
    return _Holder()


@pytest.fixture
def subscribed(runtime, client, province, fetcher, fetcher_holder):
    fetcher_holder.target = fetcher
    prt, pclient = province
    sources.add_source(runtime.uow(), "jiangsu", PROVINCE,
                       pclient.get("/.well-known/jwks.json").json,
                       token=_token(prt, "sz-credit", "feed"), authority="江苏省公共信用信息中心")
    return prt, pclient, {"Authorization": f"Bearer {_token(prt, 'sz-housing', 'filer')}"}


def _source(runtime):
    return sources.list_sources(runtime.uow(readonly=True))[0]


def test_a_provinces_entry_refuses_a_bidder_here(runtime, client, screener, subscribed, leader,
                                                 admin):
    _, pclient, filer = subscribed
    listed = file_and_publish(pclient, filer, entity=company("苏州省列建设工程有限公司"))
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert (outcome.applied, outcome.error) == (1, None)
    verdict, matches = decision(client, screener, {"name": "苏州省列建设工程有限公司",
                                                   "uscc": listed["entity"]["uscc"]},
                                domain="construction")
    assert verdict == "refuse"
    assert matches[0]["origin"] == "jiangsu"
    assert matches[0]["source"]["name"] == "江苏省公共信用信息中心"
    shown = client.get("/api/v1/sources", headers=admin).json["items"][0]
    assert shown["entries"] == 1 and shown["cursor"] == 1 and shown["stopped"] is False
    page = client.get("/api/v1/public/listings?source=jiangsu").json
    assert page["total"] == 1 and page["items"][0]["source"]["org"] == "jiangsu"


def test_a_removal_by_the_province_stops_refusing(runtime, client, screener, subscribed,
                                                  leader):
    _, pclient, filer = subscribed
    listed = file_and_publish(pclient, filer)
    pull.pull_all(runtime, leader.guard)
    party = {"name": listed["entity"]["name"], "uscc": listed["entity"]["uscc"]}
    assert decision(client, screener, party, domain="construction")[0] == "refuse"
    answer = pclient.post(f"/api/v1/listings/{listed['id']}/revoke", json={"reason": "撤销"},
                          headers=filer)
    assert answer.status_code == 200
    pull._tried.clear()
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.applied == 1
    assert decision(client, screener, party, domain="construction")[0] == "clear"
    assert _source(runtime)["entries"] == 0


@pytest.mark.parametrize("trouble", ["tamper", "wrong-keys"])
def test_a_bad_signature_stops_the_source_and_applies_nothing(runtime, client, subscribed,
                                                              fetcher, leader, trouble):
    prt, pclient, filer = subscribed
    file_and_publish(pclient, filer)
    if trouble == "tamper":
        fetcher.script = ["tamper"]
    else:   # a JWKS that does not hold the province's kid
        view = _source(runtime)
        sources.add_source(runtime.uow(), "jiangsu", view["url"],
                           client.get("/.well-known/jwks.json").json,
                           token=_token(prt, "sz-credit", "feed"))
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.stopped and "signature" in outcome.error
    shown = _source(runtime)
    assert shown["stopped"] is True and "signature" in shown["last_error"]
    assert (shown["cursor"], shown["entries"]) == (0, 0)
    pull._tried.clear()
    assert pull.pull_all(runtime, leader.guard) == []     # a stopped source is not pulled


def _rotated(runtime, subscribed, jwks_url: str | None) -> tuple[dict, dict]:
    """The province rotates its signing key after the city subscribed with `jwks_url`."""
    from blacklist.infra import keyfolder

    prt, pclient, filer = subscribed
    view = _source(runtime)
    sources.add_source(runtime.uow(), "jiangsu", view["url"],
                       pclient.get("/.well-known/jwks.json").json,
                       token=_token(prt, "sz-credit", "feed"), jwks_url=jwks_url)
    keyfolder.rotate(prt.settings.keys.folder)
    time.sleep(RECHECK * 3)
    return file_and_publish(pclient, filer), pclient.get("/.well-known/jwks.json").json


def test_a_source_that_rotates_its_key_is_followed_through_its_jwks_address(runtime, client,
                                                                            subscribed, leader):
    listed, jwks = _rotated(runtime, subscribed, "http://province.test/.well-known/jwks.json")
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert (outcome.applied, outcome.error, outcome.stopped) == (1, None, False)
    shown = _source(runtime)
    assert shown["jwks_url"] == "http://province.test/.well-known/jwks.json"
    assert shown["entries"] == 1 and shown["stopped"] is False
    page = client.get("/api/v1/public/listings?source=jiangsu").json
    assert [e["decision_no"] for e in page["items"]] == [listed["decision_no"]]
    with runtime.uow(readonly=True) as uow:      # the JWKS read again is the one kept
        assert uow.joint.source("jiangsu").jwks == jwks


def test_a_rotated_key_stops_a_source_whose_jwks_came_from_a_file(runtime, subscribed, leader):
    _rotated(runtime, subscribed, None)
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.stopped and "unknown signing key" in outcome.error
    assert (_source(runtime)["cursor"], _source(runtime)["entries"]) == (0, 0)


def test_a_kid_the_jwks_address_does_not_hold_either_stops_the_source(runtime, subscribed,
                                                                      leader):
    _rotated(runtime, subscribed, "http://city.test/.well-known/jwks.json")  # not the signer's
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.stopped and "does not verify it either" in outcome.error
    assert (_source(runtime)["cursor"], _source(runtime)["entries"]) == (0, 0)


def test_a_jwks_address_that_does_not_answer_is_retried(runtime, subscribed, fetcher, leader):
    _rotated(runtime, subscribed, "http://province.test/.well-known/jwks.json")
    fetcher.script = [None, 503]     # the page answers, the JWKS does not
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert not outcome.stopped and "could not be read again" in outcome.error
    shown = _source(runtime)
    assert (shown["cursor"], shown["entries"], shown["stopped"]) == (0, 0, False)
    pull._tried.clear()
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert (outcome.applied, outcome.stopped) == (1, False)


@pytest.mark.parametrize("trouble", [503, "timeout"])
def test_an_unavailable_source_is_retried_with_its_cursor_unmoved(runtime, subscribed, fetcher,
                                                                  leader, metrics, trouble):
    _, pclient, filer = subscribed
    file_and_publish(pclient, filer)
    fetcher.script = [trouble]
    [outcome] = pull.pull_all(runtime, leader.guard)
    shown = _source(runtime)
    assert outcome.applied == 0 and not outcome.stopped
    assert (shown["cursor"], shown["stopped"]) == (0, False) and shown["last_error"]
    pull._tried.clear()
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.applied == 1 and _source(runtime)["last_error"] is None


def test_two_deployments_subscribed_to_each_other_never_echo(runtime, client, housing,
                                                             subscribed, fetcher, leader):
    prt, pclient, filer = subscribed
    file_and_publish(pclient, filer)                  # the province's own
    file_and_publish(client, housing)                 # the city's own
    sources.add_source(prt.uow(), "suzhou", CITY, client.get("/.well-known/jwks.json").json,
                       token=_token(runtime, "sz-credit", "feed"))
    prt.fetcher = fetcher
    from blacklist.infra.leadership import for_runtime

    province_leader = for_runtime(prt, lease_seconds=30)
    assert province_leader.ensure()
    for _ in range(2):
        pull._tried.clear()
        pull.pull_all(runtime, leader.guard)
        pull._tried.clear()
        pull.pull_all(prt, province_leader.guard)
    city = client.get("/api/v1/public/listings").json["items"]
    province = pclient.get("/api/v1/public/listings").json["items"]
    assert sorted(i["origin"] for i in city) == ["jiangsu", "local"]
    assert sorted(i["origin"] for i in province) == ["local", "suzhou"]
    province_leader.release()


def test_a_page_whose_seq_goes_backwards_stops_the_source(runtime, subscribed, leader):
    with pytest.raises(pull.BadPage, match="does not increase"):
        pull.well_formed(b'{"changes": [{"seq": 3, "event": "listed", "listing": {}},'
                         b' {"seq": 2, "event": "listed", "listing": {}}]}', 0)
    with pytest.raises(pull.BadPage, match="malformed"):
        pull.well_formed(b'{"changes": [{"seq": 1, "event": "gone", "listing": {}}]}', 0)


def test_the_command_line_adds_lists_and_pulls_an_unreachable_source(settings, tmp_path,
                                                                     province):
    import json

    from tests.api.test_audit_and_cli import run_cli
    from tests.api.test_freshness import free_port

    jwks = tmp_path / "jiangsu-jwks.json"
    jwks.write_text(json.dumps(province[1].get("/.well-known/jwks.json").json))
    url = f"http://127.0.0.1:{free_port()}/api/v1/changes"     # nothing listens there
    added = run_cli(settings, "sources", "add", "jiangsu", url, "--jwks", str(jwks),
                    "--token", "t", "--authority", "江苏省公共信用信息中心")
    assert added.returncode == 0, added.stderr
    ran = run_cli(settings, "jobs", "run", "pull")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.strip().splitlines()[-1])["jiangsu"]["applied"] == 0
    listed = json.loads(run_cli(settings, "sources", "list", "--json").stdout)["items"]
    assert listed[0]["authority"] == "江苏省公共信用信息中心"
    assert listed[0]["cursor"] == 0 and listed[0]["stopped"] is False
    assert "Connection" in listed[0]["last_error"]
    refused = run_cli(settings, "sources", "add", "local", url, "--jwks", str(jwks))
    assert refused.returncode == 2 and "name" in refused.stderr


@pytest.mark.postgres
def test_a_pull_leaves_the_tables_it_wrote_vacuumed(runtime, client, subscribed, leader):
    _, pclient, filer = subscribed
    for n in range(3):
        file_and_publish(pclient, filer, entity=company(f"苏州省列{n}号建设工程有限公司"))
    [outcome] = pull.pull_all(runtime, leader.guard)
    assert outcome.applied == 3
    assert unsettled_tables(runtime) == {}
    assert client.get("/api/v1/public/listings?source=jiangsu").json["total"] == 3
