"""Reading RDF never fetches anything: no remote JSON-LD context, no external XML entity.

Each file points at a local web server that would answer; the test checks it was never asked and
that the command says why the file was refused.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import RdfSyntaxError
from kg.store import load_files


def run_export(*args: str):
    return CliRunner().invoke(main, ["export", *args])


@pytest.mark.parametrize("context", ["{url}/context.jsonld", ["{url}/context.jsonld", {"ex": "http://example.org/"}]])
def test_a_remote_jsonld_context_is_never_fetched(tmp_path, recording_server, context):
    url, hits = recording_server
    context = json.loads(json.dumps(context).replace("{url}", url))
    document = tmp_path / "remote.jsonld"
    document.write_text(json.dumps({"@context": context, "@id": "http://example.org/a", "name": "A"}),
                        encoding="utf-8")

    result = run_export("--data", str(document), "--format", "ntriples")

    assert hits == []
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "remote.jsonld" in result.stderr
    assert "never fetches a remote JSON-LD context" in result.stderr


def test_a_remote_context_inside_a_node_is_never_fetched(tmp_path, recording_server):
    url, hits = recording_server
    document = tmp_path / "scoped.jsonld"
    document.write_text(json.dumps({"@id": "http://example.org/a", "http://example.org/p": {
        "@context": f"{url}/scoped.jsonld", "@id": "http://example.org/b"}}), encoding="utf-8")

    with pytest.raises(RdfSyntaxError, match="never fetches"):
        load_files([document])
    assert hits == []


@pytest.mark.parametrize("declaration", [
    '<!ENTITY remote SYSTEM "{url}/entity.txt">',
    '<!ENTITY remote PUBLIC "-//conflict-kg//test//EN" "{url}/entity.txt">',
    '<!ENTITY % remote SYSTEM "{url}/entity.dtd"> %remote;',
])
def test_an_external_xml_entity_is_never_resolved(tmp_path, recording_server, declaration):
    url, hits = recording_server
    document = tmp_path / "entity.rdf"
    document.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {declaration.format(url=url)} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&remote;</ex:p></rdf:Description>
</rdf:RDF>
""", encoding="utf-8")

    result = run_export("--data", str(document), "--format", "ntriples")

    assert hits == []
    assert result.exit_code == 2
    assert "entity.rdf" in result.stderr and "offline by design" in result.stderr


def test_a_local_file_entity_is_never_read_into_the_graph(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    document = tmp_path / "local.rdf"
    document.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "{secret.as_uri()}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
""", encoding="utf-8")

    result = run_export("--data", str(document), "--format", "ntriples")

    assert result.exit_code == 2
    assert "TOP-SECRET-VALUE" not in result.output


def test_internal_xml_entities_still_work(tmp_path):
    document = tmp_path / "internal.rdf"
    document.write_text("""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="&ex;a"><ex:p>value</ex:p></rdf:Description>
</rdf:RDF>
""", encoding="utf-8")

    result = run_export("--data", str(document), "--format", "ntriples", "--without-reference")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == '<http://example.org/a> <http://example.org/p> "value" .\n'
