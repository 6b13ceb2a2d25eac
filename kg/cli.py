"""The ``kg`` command line: thin commands over the library API (see ``kg/__init__.py``).

Data goes to stdout, messages and progress to stderr. Library errors (``kg.errors.KgError``)
become one ``Error: ...`` line and exit code 2, here and only here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.formats import FORMATS
from kg.namespaces import DEFAULT_BASE_IRI
from kg.query import OUTPUT_FORMATS
from kg.reason import REASONERS
from kg.validate import ENGINES as VALIDATION_ENGINES, FAIL_ON, REPORT_FORMATS


class KgGroup(click.Group):
    """Turns library errors into ``Error: ...`` on stderr with the error's exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _store_option(function):
    return click.option("--store", "store_root", type=click.Path(path_type=Path), default=None,
                        help="Folder of the embedded store (default: $KG_STORE or ./.kg).")(function)


def _data_option(function):
    return click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
                        help="Read this RDF file instead of the default store (repeatable).")(function)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="conflict-kg", prog_name="kg")
def main():
    """Turn news reports of armed attacks into a knowledge graph you can query and validate.

    \b
    Example:
      kg build --sample && kg query retaliation-chains
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True, help="Build from the five sample articles shipped with kg.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the graph to this file (format from the extension) instead of the store.")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default=None,
              help="RDF format of --output (default: from its extension).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True,
              help="Base IRI for the events, articles and evidence the build mints.")
@click.option("--add", is_flag=True,
              help="Add these articles to those already in the store (new reports merge with its events).")
@click.option("--strict", is_flag=True, help="Exit 2 when any article was skipped.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@_store_option
def build(paths, sample, output, format_name, base_iri, add, strict, quiet, store_root):
    """Build the graph from article files or folders.

    \b
    Examples:
      kg build articles/                 # into the embedded store (./.kg)
      kg build articles/ -o graph.ttl    # into a file
      kg build --sample                  # the five sample articles shipped with kg
      kg build --add new-article.txt     # add to what the store already holds
    """
    from kg import pipeline
    from kg.progress import ProgressLine
    from kg.read import describe_skips
    from kg.resources import sample_corpus_dir

    paths = list(paths)
    if sample:
        paths.append(Path(str(sample_corpus_dir())))
    if not paths:
        raise click.UsageError("give article files or folders, or --sample")
    progress = ProgressLine("extracting", enabled=False if quiet else None)
    if output is not None:
        if add:
            raise click.UsageError("--add works on the store; it cannot be used with --output")
        result = pipeline.build_to_file(paths, output, base_iri, format_name, progress=progress)
    else:
        result = pipeline.build_to_store(paths, store_root, base_iri, progress=progress, add=add)
    progress.close()
    for path, reason in result.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        where = output if output is not None else (store_root or "the default store")
        why = f" ({describe_skips(result.skipped)})" if result.skipped else ""
        read = f"read {len(result.articles)} articles" if result.added is None else \
            f"added {result.added} articles ({len(result.articles)} in the store)"
        click.echo(f"{read}, skipped {len(result.skipped)}{why}; "
                   f"{len(result.events)} events, {result.triples} triples written to {where}", err=True)
    if strict and result.skipped:
        sys.exit(2)


@main.command()
@click.argument("query", required=False)
@click.option("-e", "--expression", metavar="SPARQL", default=None,
              help="Run this SPARQL text instead of a saved query.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Give a saved query's parameter a value (repeatable); --list shows them.")
@_data_option
@_store_option
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL 1.1 endpoint instead of the default store.")
@click.option("--format", "format_name", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="table (default), csv, tsv, json, srj (SPARQL JSON), srx (SPARQL XML); "
                   "CONSTRUCT/DESCRIBE: an RDF format (default turtle).")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="Print at most N rows (one page of a SELECT query's ordered rows).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="Skip the first N rows (with --limit: the page starting after row N).")
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries and their parameters.")
def query(query, expression, params, data, store_root, endpoint, format_name, limit, offset, list_queries):
    """Run a saved query, a .rq file or SPARQL text over the store, --data files or an endpoint.

    \b
    Examples:
      kg query retaliation-chains
      kg query retaliation-chains --param after=2021-07-01 --format csv
      kg query timeline --limit 50 --offset 100
      kg query timeline --param country=Syria --data graph.ttl
      kg query sources --param event=ref:event/2021-07-07-ain-al-asad-air-base-attack-1a2b3c4d
      kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --endpoint http://localhost:7878/query
      kg query --list
    """
    from kg import query as queries

    if list_queries:
        click.echo(queries.describe_saved_queries(), nl=False)
        return
    click.echo(queries.answer_query(query, expression=expression, params=params, data=data,
                                    store_root=store_root, endpoint=endpoint, format_name=format_name,
                                    limit=limit, offset=offset),
               nl=False)


@main.command()
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shapes", multiple=True, type=click.Path(path_type=Path),
              help="SHACL shapes file or folder of .ttl files (repeatable; default: the shapes shipped with kg).")
@click.option("--format", "format_name", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="text for people, json for tools, junit (JUnit XML) for CI test reports, "
                   "github for GitHub Actions annotations.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="violation", show_default=True,
              help="Exit 1 on violations only, or on warnings too (sh:Info notes never fail).")
@click.option("--engine", type=click.Choice(VALIDATION_ENGINES), default="auto", show_default=True,
              help="fast: whole-graph SPARQL on Oxigraph; pyshacl: the reference engine (slow on big "
                   "graphs); auto: fast unless the shapes need pyshacl.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the report to this file and only the summary line to stderr.")
@_store_option
def validate(data, shapes, format_name, fail_on, engine, output, store_root):
    """Check RDF files (or the default store) against the SHACL shapes.

    Exit status: 0 conforms, 1 does not conform (violations, or warnings with --fail-on
    warning), 2 could not run (bad option, unreadable or unparsable file: file:line:column).

    \b
    Examples:
      kg validate                                  # the default store
      kg validate graph.ttl --fail-on warning
      kg validate graph.ttl --format junit -o shacl-report.xml
    """
    from kg.validate import exit_code, format_report, summary_line, validate_data

    report = validate_data(data, shapes or None, store_root, engine)
    text = format_report(report, format_name, fail_on)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        click.echo(summary_line(report, fail_on), err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(exit_code(report, fail_on))


@main.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def eval_command(gold, paths):
    """Score extraction: build the articles' graph and compare it with a gold file.

    Prints event precision, recall and F1, the accuracy of each attribute, retaliation-pair
    precision and recall, which multi-source events were merged, and the missed and spurious
    events with their evidence sentences (gold format: shared/gold/FORMAT.md).

    \b
    Example:
      kg eval gold.json articles/
    """
    from kg.evaluate import evaluate_paths, format_report

    click.echo(format_report(evaluate_paths(gold, paths)), nl=False)


@main.command()
@_data_option
@_store_option
@click.option("--reasoner", type=click.Choice(REASONERS), default="hermit", show_default=True,
              help="OWL reasoner (both ship with owlready2 and run on Java; Pellet needs Java 25+).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the inferred triples to this file (format from the extension) instead of "
                   "Turtle on stdout.")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default=None,
              help="RDF format of --output (default: from its extension).")
def reason(data, store_root, reasoner, output, format_name):
    """Check the graph against the OWL ontology with a reasoner; print what it infers.

    Prints a verdict to stderr and the inferred triples (for example every attack with a
    ck:respondsTo link typed ck:Retaliation) as a separate graph. Exit status: 0 consistent,
    1 inconsistent (the reasons are listed), 2 could not run (no Java: `pip install
    'conflict-kg[java]'`, or set KG_JAVA to a java executable).

    \b
    Examples:
      kg reason                                  # the default store, with HermiT
      kg reason --data graph.ttl -o inferred.ttl
    """
    from kg.reason import reason_data

    result = reason_data(data, store_root, reasoner, output, format_name)
    click.echo(result.summary(), err=True)
    if not result.consistent:
        sys.exit(1)
    if output is None:
        click.echo(result.inferred.serialize(format="turtle"), nl=False)


def _selection_options(function):
    function = click.option("--with-reference/--without-reference", default=True, show_default=True,
                            help="Include the reference data shipped with kg (facilities, places, "
                                 "actors), or leave it out.")(function)
    return click.option("--with-ontology/--without-ontology", default=False, show_default=True,
                        help="Include the conflict-kg ontology, or leave it out.")(function)


@main.command()
@_data_option
@_store_option
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default=None,
              help="RDF format (default: from the -o extension, else turtle).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file (atomically) instead of stdout.")
@_selection_options
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def export(data, store_root, format_name, output, with_ontology, with_reference, quiet):
    """Export the graph in any RDF format, sorted so the same graph gives the same bytes.

    TriG and N-Quads put each article's evidence in a named graph of its own; docs/export.md
    says how to load an export into Fuseki, GraphDB, Virtuoso, Neptune and Stardog.

    \b
    Examples:
      kg export -o graph.ttl
      kg export --format nquads --with-ontology > graph.nq
      kg export --data graph.ttl -o graph.jsonld --without-reference
    """
    from kg.export import export_data

    sys.stdout.flush()
    result = export_data(data, store_root, format_name, output, with_ontology, with_reference,
                         stream=None if output else sys.stdout.buffer)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.data is not None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.data)
        sys.stdout.buffer.flush()
    if not quiet:
        graphs = f" ({result.named_graphs} article graphs)" if result.named_graphs else ""
        click.echo(f"exported {result.triples} triples{graphs} as {result.format.name} to "
                   f"{result.output or 'stdout'}", err=True)


@main.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="The server's root URL (or its /store, /query, /update URL), e.g. "
                   "http://127.0.0.1:7878.")
@click.option("--graph", metavar="IRI", default=None,
              help="Named graph to write to (default: the default graph).")
@click.option("--replace", is_flag=True,
              help="Replace the graph's content, only once the whole upload has succeeded.")
@_data_option
@_store_option
@click.option("--store-url", metavar="URL", default=None,
              help="Graph Store Protocol URL, for servers that do not serve it at {endpoint}/store.")
@click.option("--update-url", metavar="URL", default=None,
              help="SPARQL Update URL, for servers that do not serve it at {endpoint}/update.")
@_selection_options
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Triples per request.")
@click.option("--insecure", is_flag=True,
              help="Do not verify the server's HTTPS certificate (and allow credentials over http://).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def push(endpoint, graph, replace, data, store_root, store_url, update_url, with_ontology,
         with_reference, chunk_size, insecure, quiet):
    """Send the graph to a SPARQL server (Graph Store Protocol, else SPARQL Update).

    Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (or KG_ENDPOINT_TOKEN),
    else a netrc file, else a prompt on a terminal; they are never printed.

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7878
      kg push --endpoint https://db.example.org/ds --graph https://example.org/conflicts --replace
    """
    from kg.progress import ProgressLine
    from kg.push import push_data

    progress = ProgressLine("pushing", enabled=False if quiet else None)
    result = push_data(endpoint, graph, replace, data=data, store_root=store_root,
                       interactive=sys.stdin.isatty(), store_url=store_url, update_url=update_url,
                       with_ontology=with_ontology, with_reference=with_reference,
                       chunk_size=chunk_size, insecure=insecure, progress=progress)
    progress.close()
    if not quiet:
        click.echo(result.summary(), err=True)
