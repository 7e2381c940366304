"""The console script `blacklist`: init, serve, token, audit, and the operators' commands."""

import json
import sys
import time
import uuid
from pathlib import Path

import click

from blacklist.errors import DomainError
from blacklist.infra import backup as backups
from blacklist.infra import bootstrap, keyfolder
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.joint.imports import BATCH
from blacklist.trail import audit
from jobs.cli import feeds, jobs
from jobs.sources_cli import sources


def _runtime() -> Runtime:
    return Runtime.from_settings(Settings.from_env())


class Refusing(click.Group):
    """What the domain refuses (a setting, a feed's address, a key) is one line on stderr
    naming it, and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DomainError as exc:
            details = f" {json.dumps(exc.extra, ensure_ascii=False)}" if exc.extra else ""
            click.echo(f"refused: {exc.detail}{details}", err=True)
            ctx.exit(2)


@click.group(cls=Refusing)
def cli():
    """Suzhou public-resource credit negative list (黑名单)."""


@cli.command()
def init():
    """Create or migrate the schema, load data/, make the first key pair. Idempotent."""
    result = bootstrap.init(_runtime())
    click.echo(json.dumps(result, ensure_ascii=False), err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
def serve(host, port, workers, threads):
    """Serve the app with gunicorn; the scheduler runs beside it under a leadership lock."""
    from api.server import run

    run(host=host, port=port, workers=workers, threads=threads)


@cli.command()
@click.option("--org", required=True)
@click.option("--role", "roles", required=True, multiple=True)
@click.option("--sub", default=None, help="the person or system acting (default: the org)")
@click.option("--ttl", default=3600, show_default=True, type=click.IntRange(1, 366 * 86400))
def token(org, roles, sub, ttl):
    """Print one signed token; refuse an unknown org or a role it may not hold (exit 2)."""
    rt = _runtime()
    known = rt.reference.orgs.get(org)
    if known is None:
        click.echo(f"unknown org {org!r}; known: {', '.join(sorted(rt.reference.orgs))}", err=True)
        sys.exit(2)
    refused = sorted(set(roles) - set(known["roles"]))
    if refused:
        click.echo(f"org {org} may not hold {refused}; it may hold {known['roles']}", err=True)
        sys.exit(2)
    now = int(time.time())
    claims = {"sub": sub or org, "org": org, "roles": list(roles), "iat": now, "exp": now + ttl,
              "iss": rt.settings.keys.issuer, "aud": rt.settings.keys.audience,
              "jti": str(uuid.uuid4())}
    click.echo(rt.keys.sign_token(claims))


@cli.group("audit")
def audit_group():
    """The audit trail."""


@audit_group.command("verify")
def audit_verify():
    """Check the hash chain: exit 0 when intact, 1 when any event was edited."""
    intact, broken_at, count = audit.verify_chain(_runtime().uow(readonly=True))
    if intact:
        click.echo(f"audit chain intact: {count} events")
        return
    click.echo(f"audit chain BROKEN at event {broken_at} ({count} checked)", err=True)
    sys.exit(1)


@cli.group("keys")
def keys_group():
    """The ES256 signing keys: rotate, retire, list."""


@keys_group.command("rotate")
def keys_rotate():
    """Make a new key pair current and print its kid; what the old key signed still verifies."""
    settings = Settings.from_env().keys
    click.echo(keyfolder.rotate(settings.folder))
    click.echo(f"running servers sign with it within {settings.recheck_seconds:g} s", err=True)


@keys_group.command("retire")
@click.argument("kid")
def keys_retire(kid):
    """Stop serving and trusting a previous key; refuse the current key or an unknown kid."""
    settings = Settings.from_env().keys
    moved = keyfolder.retire(settings.folder, kid)
    click.echo(f"retired {kid}: neither served nor trusted within {settings.recheck_seconds:g} s;"
               f" its private key is kept in {moved}", err=True)


@keys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="one JSON array")
def keys_list(as_json):
    """Each key: its kid, current / previous (still verifies) / retired, when it was made."""
    keys = keyfolder.describe(Settings.from_env().keys.folder)
    rows = [{"kid": k.kid, "status": k.status, "created_at": k.created_at.isoformat()}
            for k in keys]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['kid']}  {row['status']:<8}  {row['created_at']}")


@cli.command("backup")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
def backup_command(target):
    """Copy the database (online: the service may go on writing) and the key folder into
    TARGET, a new or empty folder."""
    made = backups.backup(Settings.from_env(), target)
    click.echo(json.dumps(made, ensure_ascii=False))


# feeds and jobs live in jobs/, beside the scheduler they drive.
cli.add_command(feeds)
cli.add_command(jobs)
cli.add_command(sources)


def main():
    """The console script `blacklist`."""
    cli()


@cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="whose rows these are (a source's name)")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="default: csv for a .csv file, else jsonl")
@click.option("--encoding", type=click.Choice(["utf-8", "gb18030"]), default=None,
              help="default: UTF-8 (BOM or not), else GB18030")
@click.option("--authority", default=None, help="the issuing authority of rows naming none")
@click.option("--authority-uscc", default=None, help="that authority's USCC")
@click.option("--batch", default=BATCH, show_default=True, type=click.IntRange(1, 100_000),
              help="rows a transaction")
def import_(path, source, fmt, encoding, authority, authority_uscc, batch):
    """Bulk-load decided listings; exit 0 all taken, 1 some rejected (PATH.rejected), 2
    unreadable (nothing written)."""
    from api import imports as importer
    from blacklist.joint.imports import Defaults
    from blacklist.sharing.feeds import NAME

    if not NAME.match(source) or source == "local":
        raise click.BadParameter("lower-case letters, digits, '.', '_' or '-'", param_hint="--source")
    summary = importer.run(_runtime(), path, Defaults(source, authority, authority_uscc),
                           fmt=fmt, encoding=encoding, batch=batch)
    click.echo(summary.line())
    sys.exit(1 if summary.rejected else 0)


if __name__ == "__main__":
    main()
