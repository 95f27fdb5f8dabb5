"""The command line: the only place that prints or picks exit codes.

Exit codes: 0 everything loaded / conforms; 1 documents or records rejected, or
violations; 2 usage errors (click's own) and a missing or locked store.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyoxigraph as ox

from kg.command import failure_message
from kg.errors import DiskFullError, KGError, StoreError
from kg.export import FORMATS, export, open_output
from kg.namespaces import DEFAULT_BASE, PSK, IriMinter
from kg.query import RESULT_FORMATS, answer_query, query_text
from kg.report import group_by_kind, report_text
from kg.resources import resource_folder
from kg.store import DEFAULT_STORE, current_build, open_read_only

if TYPE_CHECKING:
    from kg.build import BuildSummary

# Each command imports what it needs when it runs: `kg query` never loads the build, the
# mappers or pyshacl.

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

store_option = click.option(
    "--store", "store", type=click.Path(path_type=Path), default=DEFAULT_STORE, show_default=True,
    envvar="KG_STORE", help="Store directory (Oxigraph on disk).",
)

curation_option = click.option(
    "--curation", "curation", type=click.Path(path_type=Path, file_okay=False), default=None, envvar="KG_CURATION",
    help="Folder of researchers' decisions (CSV) [default: curation/ when there is one].",
)


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"kg: {message}", err=True)
    sys.exit(code)


class _Commands(click.Group):
    """The command group; an error the package raises on purpose ends as one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGError as error:
            _fail(str(error))
        except OSError as error:  # a file named on the command line that cannot be read or written
            _fail(failure_message(error))
        return None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="peer-support-kg")
def main() -> None:
    """Build and serve the peer-support knowledge graph."""


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, envvar="KG_BASE_IRI",
              help="Base IRI of the minted resources.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for trusted inputs).")
@click.option("--shacl-engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="Validate with the shapes compiled to SPARQL inside Oxigraph, or with pyshacl (the reference).")
@click.option("--progress/--no-progress", default=None, help="Show progress bars (default: on a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="List every document (default: only up to 20).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes that map documents  [default: as many as cores]")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Seconds one document may take to map; a slower one is rejected.")
@click.option("--wait", is_flag=True, help="Wait for another build of the same store to finish.")
@click.option("--full", is_flag=True, help="Map and validate every document again (ignore what earlier builds did).")
@curation_option
def build_command(paths: tuple[Path, ...], store: Path, base_iri: str, no_validate: bool, shacl_engine: str,
                  progress: bool | None, verbose: bool, jobs: int, time_limit: float, wait: bool, full: bool,
                  curation: Path | None) -> None:
    """Map every document under PATHS (default: the seed documents shipped with kg), validate and load them."""
    from kg.build import BuildSettings, build

    settings = BuildSettings(store=store, base_iri=base_iri, validate=not no_validate,
                             progress=sys.stderr.isatty() if progress is None else progress,
                             jobs=jobs, time_limit=time_limit, wait=wait, reuse=not full, curation=curation,
                             shacl_engine=shacl_engine)
    try:
        summary = build(paths or (resource_folder("kg", "seeds"),), settings)
    except DiskFullError as error:
        _fail(str(error), EXIT_REJECTED)
    except KGError as error:
        _fail(f"{error}\nkg: build failed; the previous store (if any) is unchanged", EXIT_REJECTED)
    loaded = len(summary.documents) - len(summary.rejected)
    report_path = _write_report(summary)
    click.echo(f"documents: {len(summary.documents)} ({loaded} loaded, {len(summary.rejected)} rejected)")
    click.echo(f"records:   {summary.records} loaded, {len(summary.record_errors)} rejected")
    click.echo(f"triples:   {summary.triples} (with the ontology)")
    click.echo(f"warnings:  {len(summary.warnings)}")
    if report_path is not None:
        click.echo(f"report:    {report_path} (every warning, error, rejection and verdict)")
    click.echo("merged:    " + ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in summary.merges.items()))
    if summary.curation.folder is not None:
        click.echo(f"curation:  {summary.curation.applied} of {summary.curation.decisions} decisions applied "
                   f"from {summary.curation.folder}, {len(summary.curation.stale)} stale")
    click.echo(f"store:     {summary.store}")
    click.echo("changes:   " + ("; ".join(
        f"{kind}s " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
        for kind, counts in summary.changes.items()) or "none") + " (kg changes lists them)")
    if any(summary.reused.values()):
        click.echo("reused:    " + ", ".join(f"{n} {what}" for what, n in summary.reused.items())
                   + " of unchanged documents")
    click.echo("seconds:   " + ", ".join(f"{stage} {sec:.2f}" for stage, sec in summary.seconds.items()))
    for report in summary.documents if verbose or len(summary.documents) <= 20 else ():
        mapper = f" [{report.mapper}]" if report.mapper else ""
        state = "rejected" if report.rejected else f"{report.records} records, {report.triples} triples"
        click.echo(f"  {report.path}{mapper}: {state}")
    for note in summary.curation.stale:
        click.echo(f"stale decision: {note}", err=True)
    for note in summary.curation.errors:
        click.echo(f"curation error: {note}", err=True)
    for label, messages in _sections(summary):
        _echo_grouped(label, messages, everything=verbose)
    sys.exit(EXIT_OK if summary.ok and not summary.curation.errors else EXIT_REJECTED)


REPORT_NAME = "build-report.txt"  # in the store's folder, rewritten by every build
SHOWN_PER_KIND = 3  # examples printed of each kind of message (all with --verbose)


def _sections(summary: BuildSummary) -> list[tuple[str, list[str]]]:
    return [
        ("settled", list(summary.settled)),
        ("warning", list(summary.warnings)),
        ("error", list(summary.record_errors)),
        ("rejected", [str(report.rejected) for report in summary.rejected]),
    ]


def _write_report(summary: BuildSummary) -> Path | None:
    """Every message of the build in a file next to the store; None when there is none."""
    # what SHACL validation checked each document against, and its verdict: in the file only
    validated = [f"{report.path}: {report.validated}" for report in summary.documents if report.validated]
    sections = _sections(summary)
    if not any(messages for _, messages in sections) and not validated:
        return None
    path = Path(summary.store) / REPORT_NAME
    path.write_text(report_text([*sections, ("validated", validated)]), encoding="utf-8")
    return path


def _echo_grouped(label: str, messages: list[str], everything: bool) -> None:
    """Messages by kind, with the first few examples of each (every one with ``everything``)."""
    groups = group_by_kind(messages, SHOWN_PER_KIND)
    if everything or all(group.count == 1 for group in groups):
        for message in messages:
            click.echo(f"{label}: {message}", err=True)
        return
    for group in groups:
        if group.count == 1:
            click.echo(f"{label}: {group.examples[0]}", err=True)
            continue
        click.echo(f"{label} × {group.count}: {group.kind}", err=True)
        for example in group.examples:
            click.echo(f"    {example}", err=True)
        if group.count > len(group.examples):
            click.echo(f"    ... and {group.count - len(group.examples)} more (see the report)", err=True)


def _open(store: Path) -> ox.Store:
    try:
        return open_read_only(store)
    except StoreError as error:
        _fail(str(error))
        raise  # unreachable: _fail exits


@main.command("validate")
@store_option
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="The shapes compiled to SPARQL inside Oxigraph, or pyshacl (the reference engine).")
def validate_command(store: Path, engine: str) -> None:
    """Validate the built store against the SHACL shapes; non-zero on violations."""
    from kg.store import union_graph
    from kg.validate import validate_graph

    _open(store)
    report = validate_graph(union_graph(store), with_vocabulary=False, engine=engine)
    for issue in report.issues:
        click.echo(str(issue))
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"{verdict}: {len(report.violations)} violations, {len(report.warnings)} warnings")
    sys.exit(EXIT_OK if report.conforms else EXIT_REJECTED)


@main.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="turtle", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (stdout by default); a .gz name compresses.")
def export_command(store: Path, fmt: str, out: Path | None) -> None:
    """Write the graph in an RDF syntax (Turtle to stdout by default), streamed in a stable order."""
    ox_store = _open(store)
    if out is None:
        export(ox_store, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    if not out.parent.is_dir():
        _fail(f"cannot write {out}: the folder {out.parent} does not exist; create it first (mkdir -p {out.parent})")
    try:
        handle = open_output(out)
    except OSError as error:
        _fail(f"cannot write {out}: {error.strerror or error}")
    with handle:
        export(ox_store, fmt, handle)
    click.echo(f"wrote {out}", err=True)


@main.command("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(list(RESULT_FORMATS)), default="table", show_default=True,
              help="SELECT/ASK results as a table, or SPARQL 1.1 CSV, TSV or JSON (graphs are always Turtle).")
@click.argument("query")
def query_command(store: Path, fmt: str, query: str) -> None:
    """Run a SPARQL query (text, or @file) over the union of the graphs; the project's prefixes are predeclared."""
    # kg.command answers the plain forms of this command without loading click; both end here
    sys.stdout.buffer.write(answer_query(store, query_text(query), fmt))
    sys.stdout.buffer.flush()


@main.command("explain")
@store_option
@click.argument("iri")
def explain_command(store: Path, iri: str) -> None:
    """Show why mentions became one node: each merge into (or of) IRI with its rule and evidence."""
    ox_store = _open(store)
    try:
        node = ox.NamedNode(iri)
    except ValueError as error:
        _fail(f"not an IRI: {iri} ({error})")
    query = f"""
        SELECT ?kind ?canonical ?alias ?rule ?evidence WHERE {{
          VALUES ?iri {{ {node} }}
          ?m a psk:Merge ; psk:mergeKind ?kind ; psk:canonical ?canonical ; psk:alias ?alias ;
             psk:rule ?rule ; psk:mergeEvidence ?evidence .
          FILTER(?canonical = ?iri || ?alias = ?iri)
        }} ORDER BY ?alias"""
    solutions = ox_store.query(query, prefixes={"psk": str(PSK)})
    rows = list(solutions) if isinstance(solutions, ox.QuerySolutions) else []
    if not rows and not ox_store.query(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"):
        _fail(f"{iri} is not in the graph (no triple names it); find IRIs with kg query", EXIT_REJECTED)
    if not rows:
        click.echo(f"{iri}: no merges; this node stands as minted from one mention")
        return
    canonical = rows[0]["canonical"].value
    click.echo(f"{canonical} ({rows[0]['kind'].value}) is one node for {len(rows) + 1} mentions:")
    for row in rows:
        click.echo(f"  {row['alias'].value}\n    rule: {row['rule'].value}\n    evidence: {row['evidence'].value}")


@main.command("changes")
@store_option
@click.option("--since", default=None, metavar="BUILD",
              help="List the changes of every build after BUILD (a name from the first column).")
def changes_command(store: Path, since: str | None) -> None:
    """What the latest build changed (or every build since BUILD): documents, works, persons, merges, findings."""
    from kg.changes import read_changes

    _open(store)
    try:
        changes = read_changes(store, since)
    except ValueError as error:
        _fail(str(error))
    for change in changes:
        detail = f"  ({change.detail})" if change.detail else ""
        click.echo(f"{change.build}  {change.kind} {change.change}: {change.item}{detail}")
    click.echo(f"({len(changes)} changes)")


@main.command("eval")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False), required=False)
@click.option("--details", is_flag=True, help="List every miss and false hit.")
@click.option("--store", "store", type=click.Path(path_type=Path), default=None,
              help="Score a built store (the graph users query) instead of the extractor's output.")
@click.option("--confidence-out", "confidence_out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the precisions measured (of FOLDER, else of the held-out set) as a confidence table "
                   "(the format of kg/data/confidence.csv).")
def eval_command(folder: Path | None, details: bool, store: Path | None, confidence_out: Path | None) -> None:
    """Precision and recall of study-content extraction against hand annotations.

    Without FOLDER, scores the development and the held-out set of the repository's
    tests/annotations separately, with 95 % intervals; with FOLDER, that folder's files.
    """
    from kg.extract.evaluate import (
        EvaluationReport,
        evaluate,
        find_annotation_root,
        load_annotations,
        score,
        split_folders,
    )

    def write_confidence(report: EvaluationReport) -> None:
        if confidence_out is None:
            return
        import datetime

        from kg.extract.confidence import write_table
        from kg.extract.evaluate import measured_rows
        from kg.extract.rdf import EXTRACTOR_VERSION

        rows = measured_rows(report, EXTRACTOR_VERSION, datetime.datetime.now(datetime.UTC).date().isoformat())
        try:
            write_table(confidence_out, rows)
        except OSError as error:
            _fail(f"cannot write {confidence_out}: {error.strerror}")
        click.echo(f"confidence table written to {confidence_out}", err=True)

    reader = None
    if store is not None:
        from kg.extract.store_items import StoreReader

        try:
            reader = StoreReader(store)
        except StoreError as error:
            _fail(str(error))

    def run(path: Path) -> EvaluationReport:
        if reader is None:
            return evaluate(path)
        return score(load_annotations(path), reader.items)

    sets = split_folders(folder) if folder is not None else None
    if folder is not None and not sets:
        report = run(folder)
        click.echo(report.format(details=details))
        if reader is not None and report.missing:
            click.echo(f"not in the store ({len(report.missing)}): {', '.join(report.missing)}")
        write_confidence(report)
        sys.exit(EXIT_OK if report.meets_targets() else EXIT_REJECTED)
    if sets is None:
        # the repository's annotations around the working folder, else those the package ships
        root = find_annotation_root() or resource_folder("kg", "annotations")
        if not split_folders(root):
            _fail("no annotation folder found (tests/annotations with dev/ or heldout/ under the working "
                  "folder or its parents); pass FOLDER")
        sets = split_folders(root)
    reports = {name: run(path) for name, path in sets.items()}
    if folder is None and "heldout" not in sets:
        click.echo("held-out set: no annotation files yet", err=True)
    titles = {"dev": "development set (rules written on it)", "heldout": "held-out set (never tuned on)"}
    click.echo("\n\n".join(r.format_with_intervals(f"{titles.get(n, n)} {sets[n]}", details=details)
                            for n, r in reports.items()))
    if confidence_out is not None:
        if "heldout" not in reports:
            _fail("no held-out set to measure the confidence table on; pass FOLDER")
        write_confidence(reports["heldout"])
    elif "heldout" in reports:
        _note_confidence_version()
    sys.exit(EXIT_OK if all(r.meets_targets() for r in reports.values()) else EXIT_REJECTED)


def _note_confidence_version() -> None:
    """Say so when the confidence the graph states was measured on another version of the extractor."""
    from kg.extract.confidence import CONFIDENCE_CSV, shipped_table
    from kg.extract.rdf import EXTRACTOR_VERSION

    measured = shipped_table().extractor_versions
    if measured != {EXTRACTOR_VERSION}:
        click.echo(f"note: the confidence the graph states (kg/{CONFIDENCE_CSV}) was measured on extractor "
                   f"version {', '.join(sorted(measured))}; this is version {EXTRACTOR_VERSION}: measure it again "
                   "with kg eval --confidence-out", err=True)


def _update_token(token_file: Path | None) -> str | None:
    """The update token: from --update-token-file, else KG_UPDATE_TOKEN (never from the command line)."""
    if token_file is None:
        return None  # ServerSettings.resolve reads KG_UPDATE_TOKEN
    try:
        token = token_file.read_text(encoding="utf-8").strip()
    except OSError as error:
        _fail(f"cannot read the update token file {token_file}: {error.strerror}")
        raise  # unreachable: _fail exits
    if not token:
        _fail(f"the update token file {token_file} is empty")
    return token


def _refuse_token_option(context: click.Context, parameter: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise click.BadParameter(
            "a token on the command line is readable by every user of the machine (ps, /proc); "
            "put it in KG_UPDATE_TOKEN or in a file given with --update-token-file",
            param_hint="--update-token",
        )


@main.command("verify-quotes")
@store_option
@click.option("--sources", "sources", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder the recorded source paths are relative to, or holding the files (repeatable; "
                   "default: the working directory).")
def verify_quotes_command(store: Path, sources: tuple[Path, ...]) -> None:
    """Re-check every quote in the store against the bytes of its source document; exit 1 on a mismatch."""
    from kg.verification import verify_quotes

    report = verify_quotes(_open(store), list(sources))
    for problem in report.problems:
        click.echo(str(problem))
    in_fields = f" (and {report.in_fields} against the works' own text)" if report.in_fields else ""
    verdict = "all match" if report.ok else f"{len(report.problems)} problems"
    click.echo(f"checked {report.checked} quotes in {report.sources} source documents{in_fields}: {verdict}")
    sys.exit(EXIT_OK if report.ok else EXIT_REJECTED)


@main.command("review")
@store_option
@curation_option
@click.option("--curator", envvar="KG_CURATOR", default=None, help="Your name, as decisions record it (KG_CURATOR).")
@click.option("--least-sure-first", "least_sure", is_flag=True,
              help="Begin with the studies whose findings are least often right (lowest confidence), "
                   "each study's findings together.")
def review_command(store: Path, curation: Path | None, curator: str | None, least_sure: bool) -> None:
    """Walk through unverified findings one at a time; accept, correct or reject each (written to the curation CSV)."""
    from kg.curation import decisions_path
    from kg.review import review

    ox_store = _open(store)
    path = decisions_path(curation)
    name = curator or click.prompt("Your name (recorded with each decision)")
    written, left = review(ox_store, path, name.strip(), IriMinter(), least_sure)
    click.echo(f"\n{written} decisions written to {path}; {left} findings left unreviewed. "
               "Run kg build to apply them.")


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--query-timeout", type=float, default=None, help="Seconds before a query is stopped (KG_QUERY_TIMEOUT).")
@click.option("--max-rows", type=int, default=None, help="Rows sent at most; more are cut and flagged (KG_MAX_ROWS).")
@click.option("--update-token-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Enable /update for `Authorization: Bearer TOKEN`, the token read from this file "
                   "(or set KG_UPDATE_TOKEN).")
@click.option("--update-token", hidden=True, expose_value=False, callback=_refuse_token_option,
              help="Refused: use KG_UPDATE_TOKEN or --update-token-file.")
@click.option("--threads", default=8, show_default=True, type=int, help="Request threads.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(min=1),
              help="HTTP processes of the Flask app (pages, POST, federation), each with --threads threads; "
                   "plain GET queries go to the query workers whatever this is.")
@click.option("--query-workers", type=int, default=None,
              help="Processes that run queries (KG_QUERY_WORKERS; default: one per core, plus one).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default=None,
              help="Log lines as text or JSON lines (KG_LOG_FORMAT; text).")
@click.option("--remote", default=None, metavar="URL",
              help="Front a remote SPARQL endpoint that `kg publish` wrote to, instead of the store (read-only); "
                   "--store then names the build that was published, for full-text search and dumps.")
def serve_command(store: Path, host: str, port: int, query_timeout: float | None, max_rows: int | None,
                  update_token_file: Path | None, threads: int, processes: int, query_workers: int | None,
                  log_format: str | None, remote: str | None) -> None:
    """Serve the SPARQL endpoint at /sparql and the query page at / (production HTTP server)."""
    from server.serve import serve
    from server.settings import ServerSettings, SettingsError

    # Only check that a build exists: a store opened here, before the HTTP server forks, breaks
    # the processes that later open stores (updates hung opening their new build).
    if remote is None and current_build(store) is None:
        _fail(f"{store}: no built store here; run `kg build` first (or pass --store DIR)")
    named = click.get_current_context().get_parameter_source("store") is not click.core.ParameterSource.DEFAULT
    if remote is not None and named and current_build(store) is None:
        _fail(f"{store}: no built store here; --store beside --remote names the build that was published")
    try:
        settings = ServerSettings.resolve(store=store, query_timeout=query_timeout, max_rows=max_rows,
                                          update_token=_update_token(update_token_file),
                                          query_workers=query_workers, log_format=log_format, remote=remote)
    except SettingsError as error:
        _fail(str(error))
    if settings.remote is not None:
        from server.query.remote import RemoteError, RemotePool

        try:
            RemotePool(settings.remote).start()
        except RemoteError as error:
            _fail(str(error))
    address = f"http://{host}:{port}"
    click.echo(f"serving {settings.remote or store} at {address}/sparql (query page at {address}/)", err=True)
    serve(settings, host=host, port=port, threads=threads, processes=processes)


def _remote_credentials() -> tuple[str | None, str | None]:
    """KG_REMOTE_USER and the password from KG_REMOTE_PASSWORD or the file KG_REMOTE_PASSWORD_FILE names."""
    import os

    user = os.environ.get("KG_REMOTE_USER") or None
    password = os.environ.get("KG_REMOTE_PASSWORD") or None
    password_file = os.environ.get("KG_REMOTE_PASSWORD_FILE")
    if password is None and password_file:
        try:
            password = Path(password_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            _fail(f"cannot read the password file {password_file} (KG_REMOTE_PASSWORD_FILE): {error.strerror}")
    return user, password


@main.command("publish")
@store_option
@click.option("--graph-store", required=True, help="The remote store's Graph Store Protocol URL "
              "(Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--endpoint", default=None, help="The remote store's SPARQL query URL, to check what was published.")
@click.option("--full", is_flag=True, help="Write every graph, not only the changed ones.")
@click.option("--connections", type=click.IntRange(1, 16), default=3, show_default=True,
              help="Graphs written at once.")
def publish_command(store: Path, graph_store: str, endpoint: str | None, full: bool, connections: int) -> None:
    """Write the built graph to a remote SPARQL 1.1 store (credentials in KG_REMOTE_USER, KG_REMOTE_PASSWORD)."""
    from kg.errors import KGError as _KGError
    from kg.publish import MERGED_GRAPH, RemoteSettings, count_remote, publish

    user, password = _remote_credentials()
    settings = RemoteSettings(graph_store=graph_store, user=user, password=password, connections=connections)
    try:
        report = publish(store, settings, full=full,
                         on_graph=lambda action, graph: click.echo(f"{action} <{graph}>", err=True))
    except StoreError as error:
        _fail(str(error))
    except _KGError as error:
        _fail(f"publish failed: {error}", EXIT_REJECTED)
    click.echo(f"graphs:  {len(report.written)} written, {len(report.deleted)} deleted, {report.unchanged} unchanged")
    click.echo(f"triples: {report.triples} written")
    click.echo(f"read:    {report.read} graphs from the store (digests {report.digests or 'not needed'})")
    click.echo(f"seconds: {report.seconds:.2f}")
    if endpoint is not None:
        try:
            remote = count_remote(endpoint, MERGED_GRAPH)
        except _KGError as error:
            _fail(f"published, but the check through {endpoint} failed: {error}", EXIT_REJECTED)
        if remote != report.merged_triples:
            _fail(f"published, but {endpoint} counts {remote} triples in <{MERGED_GRAPH}> against "
                  f"{report.merged_triples} here", EXIT_REJECTED)
        click.echo(f"checked: {endpoint} serves the merge with {remote} triples; serve it with "
                   f"`kg serve --remote {endpoint}`")


if __name__ == "__main__":
    main()
