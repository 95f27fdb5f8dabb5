"""What every blueprint shares: the app's query runner, plain-text answers, and the protocol's parameters."""

from __future__ import annotations

from flask import Response, current_app, request
from werkzeug.datastructures import MultiDict

from kg.errors import KGError
from server.query.execute import shorten
from server.query.runner import QueryRunner

__all__ = ["ProtocolError", "parameters", "plain", "runner"]


class ProtocolError(KGError):
    """A request the protocol cannot answer, with the status and the message to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def runner() -> QueryRunner:
    """The application's query runner."""
    return current_app.extensions["kg"]  # type: ignore[no-any-return]


def plain(status: int, message: str) -> Response:
    """A text/plain response (errors never claim to be HTML)."""
    return Response(shorten(message) + "\n", status=status, content_type="text/plain; charset=utf-8")


def protocol_error(error: ProtocolError) -> Response:
    """Protocol errors are plain text with their own status."""
    return plain(error.status, error.message)


def _body_text() -> str:
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the request body is not UTF-8: {error.reason} at byte {error.start}") from error


def _form_parameters() -> MultiDict[str, str]:
    return MultiDict([*request.args.items(multi=True), *request.form.items(multi=True)])


def _query_body() -> MultiDict[str, str]:
    return MultiDict([*request.args.items(multi=True), ("query", _body_text())])


def _update_body() -> MultiDict[str, str]:
    return MultiDict([*request.args.items(multi=True), ("update", _body_text())])


BODY_READERS = {
    "application/x-www-form-urlencoded": _form_parameters,
    "application/sparql-query": _query_body,
    "application/sparql-update": _update_body,
}


def parameters() -> MultiDict[str, str]:
    """The protocol parameters of a GET or POST request, whatever shape it came in."""
    if request.method != "POST":
        return request.args
    reader = BODY_READERS.get(request.mimetype)
    if reader is None:
        raise ProtocolError(
            415,
            f"cannot read a POST body of type {request.mimetype or '(none)'!r}; send "
            "application/x-www-form-urlencoded (query=...), or the query itself as application/sparql-query",
        )
    return reader()
