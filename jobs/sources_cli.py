"""`blacklist sources ...`: subscribe to another authority's change feed (joint punishment)."""

import json
from pathlib import Path

import click


def _runtime():
    from blacklist.infra.config import Settings
    from blacklist.infra.runtime import Runtime

    return Runtime.from_settings(Settings.from_env())


def read_jwks(runtime, where: str) -> tuple[dict, str | None]:
    """The source's JWKS from a file, or from an https:// or http:// address (then read again
    whenever the source signs under a key it does not hold: a key rotation)."""
    if where.startswith(("http://", "https://")):
        from blacklist.joint.sources import fetch_jwks
        from blacklist.sharing.transport import TransportError

        try:
            return fetch_jwks(runtime.fetcher, where), where
        except TransportError as exc:
            raise click.BadParameter(exc.detail, param_hint="--jwks") from None
    return json.loads(Path(where).read_text(encoding="utf-8")), None


@click.group()
def sources():
    """Other authorities' lists this deployment keeps a verified copy of."""


@sources.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--jwks", "jwks", required=True, help="the source's JWKS: a file or a URL")
@click.option("--token", default=None, help="a bearer token the source expects")
@click.option("--authority", default=None, help="the issuing authority (数据来源) of its entries")
@click.option("--authority-uscc", default=None, help="that authority's USCC")
@click.option("--every", default=60, show_default=True, type=int, help="seconds between pulls")
def sources_add(name, url, jwks, token, authority, authority_uscc, every):
    """Subscribe to a change feed shaped as GET /api/v1/changes (or update it and resume it)."""
    from blacklist.joint import sources as service

    runtime = _runtime()
    keys, jwks_url = read_jwks(runtime, jwks)
    view = service.add_source(runtime.uow(), name, url, keys, token=token, authority=authority,
                              authority_uscc=authority_uscc, every=every, jwks_url=jwks_url)
    click.echo(f"source {view['name']} → {view['url']} ({view['authority'] or '-'}), "
               f"cursor {view['cursor']}, every {view['every']} s")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="the same items as GET /api/v1/sources")
def sources_list(as_json):
    """Each source with its cursor, entries held, last success, last error, stopped."""
    from blacklist.joint import sources as service

    items = service.list_sources(_runtime().uow(readonly=True))
    if as_json:
        click.echo(json.dumps({"items": items}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'NAME':<16} {'CURSOR':>8} {'ENTRIES':>8}  LAST SUCCESS / ERROR")
    for s in items:
        state = f"STOPPED: {s['last_error']}" if s["stopped"] else (s["last_error"] or "")
        click.echo(f"{s['name']:<16} {s['cursor']:>8} {s['entries']:>8}  "
                   f"{s['last_success_at'] or '-'} {state}")
