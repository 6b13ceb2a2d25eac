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
        click.echo(f"read {len(result.articles)} articles, skipped {len(result.skipped)}; "
                   f"{len(result.events)} events, {result.triples} triples written to {where}", err=True)
    if strict and result.skipped:
        sys.exit(2)


@main.command()
@click.argument("query", required=False)
@_data_option
@_store_option
@click.option("--format", "format_name", type=click.Choice(["table", "csv", "tsv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries.")
def query(query, data, store_root, format_name, list_queries):
    """Run a saved query (by name or .rq file) over the default store or --data files.

    \b
    Examples:
      kg query retaliation-chains
      kg query events --data graph.ttl --format csv
    """
    from kg import query as queries
    from kg.store import open_graph

    if list_queries:
        for saved in queries.list_saved_queries():
            click.echo(f"{saved.name}: {saved.description}")
        return
    if not query:
        raise click.UsageError("name a saved query or a .rq file, or use --list")
    result = queries.run_query(open_graph(data, store_root), query)
    click.echo(queries.format_result(result, format_name), nl=False)
