"""The console script `blacklist`: init, serve, token, audit, and the operators' commands."""

import json
import sys
import time
import uuid

import click

from blacklist.infra import bootstrap
from blacklist.infra.config import Settings
from blacklist.infra.runtime import Runtime
from blacklist.trail import audit


def _runtime() -> Runtime:
    return Runtime.from_settings(Settings.from_env())


@click.group()
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
              "iss": rt.settings.issuer, "aud": rt.settings.audience, "jti": str(uuid.uuid4())}
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


def main():
    """The console script `blacklist`."""
    _register_operator_commands()
    cli()


def _register_operator_commands() -> None:
    """feeds and jobs live in jobs/, beside the scheduler they drive."""
    try:
        from jobs.cli import feeds, jobs
    except ImportError:
        return
    cli.add_command(feeds)
    cli.add_command(jobs)


if __name__ == "__main__":
    main()
