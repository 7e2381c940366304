"""Reports: the public yearly account."""

from flask_smorest import Blueprint

from api import deps
from api.schemas.reports import AnnualOut, AnnualQuery
from blacklist.public import reports

bp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports")


@bp.get("/annual")
@bp.arguments(AnnualQuery, location="query")
@bp.response(200, AnnualOut)
def annual(query):
    """The year per domain and department (public)."""
    return reports.annual(deps.uow(readonly=True), query["year"])
