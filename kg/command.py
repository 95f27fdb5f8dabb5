"""The `kg` command's entry point: plain `kg query` runs here, on pyoxigraph alone; the rest goes to kg.cli.

A cheap lookup should cost about what the same query costs in a three-line pyoxigraph script,
and importing click (and the commands it declares) costs about as much as the lookup. So the
forms of `kg query` that need no option parsing beyond ``--store`` and ``--format`` are read
here and answered through the same function as :func:`kg.cli.query_command`; anything else
(help, another command, a mistyped option) is handed to click unchanged, which answers it as
before. Messages and exit codes are the command line's own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kg.current import DEFAULT_STORE
from kg.errors import KGError
from kg.query import RESULT_FORMATS, answer_query, query_text

__all__ = ["failure_message", "main", "plain_query"]

EXIT_USAGE = 2
VALUED = {"--store": "store", "--format": "fmt"}


def failure_message(error: OSError) -> str:
    """The one line for a file or store that cannot be used."""
    where = f" {error.filename}" if error.filename else ""
    return f"cannot use{where}: {error.strerror or error}"


def plain_query(arguments: list[str], environment: dict[str, str] | os._Environ[str]) -> dict[str, str] | None:
    """``{store, fmt, query}`` when the arguments are a plain `kg query`; None for anything click should read."""
    if not arguments or arguments[0] != "query":
        return None
    found = {"store": environment.get("KG_STORE", str(DEFAULT_STORE)), "fmt": "table"}
    if found["store"] == "":
        return None  # click's reading of an empty variable decides
    positional: list[str] = []
    rest = iter(arguments[1:])
    for argument in rest:
        name, equals, value = argument.partition("=")
        if name in VALUED:
            if not equals:
                value = next(rest, "")
                if not value:
                    return None
            found[VALUED[name]] = value
        elif argument.startswith("-"):
            return None  # --help, --, a mistyped option: click says what to do
        else:
            positional.append(argument)
    if len(positional) != 1 or found["fmt"] not in RESULT_FORMATS:
        return None
    return {**found, "query": positional[0]}


def main() -> None:
    """Run `kg` with the process's arguments."""
    request = plain_query(sys.argv[1:], os.environ)
    if request is None:
        from kg.cli import main as commands

        commands()
        return
    try:
        output = answer_query(Path(request["store"]), query_text(request["query"]), request["fmt"])
    except KGError as error:
        _fail(str(error))
    except OSError as error:  # raised while the query runs (a SERVICE endpoint that failed, a disk error)
        _fail(failure_message(error))
    else:
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()


def _fail(message: str) -> None:
    sys.stderr.write(f"kg: {message}\n")
    sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
