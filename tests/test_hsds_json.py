"""HSDS JSON (an API's services page, full service objects) read as a package is read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import assert_one_sentence, run
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source
from csec_desktop.catalog.interchange.hsds_import import HsdsPackageError, read_hsds_package
from csec_desktop.catalog.interchange.hsds_json import (
    MAX_JSON_BYTES,
    read_hsds_json,
    unpacked_json,
)
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import local

PAGE = Path(__file__).parent / "fixtures" / "hsds-json" / "services-page.json"


@pytest.fixture(scope="module")
def curated() -> CatalogContent:
    return read_catalog_source(Path(__file__).resolve().parent.parent / "data")


def _page() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(PAGE.read_text(encoding="utf-8"))
    return document


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_services_page_maps_like_the_package_reader(curated: CatalogContent) -> None:
    records, problems = read_hsds_json(PAGE, curated)
    assert problems == []
    services = _page()["contents"]
    assert [r.title for r in records.resources] == [s["name"] for s in services]
    crisis, drop_in = records.resources
    assert crisis.kind == "hotline" and drop_in.kind == "program"
    assert [c.value for c in crisis.contacts] == [services[0]["phones"][0]["number"]]
    assert drop_in.contacts[0].value == "312-555-0143"  # "(312) 555-0143" in the file
    address = services[0]["service_at_locations"][0]["location"]["addresses"][0]
    place = (address["city"], address["state_province"])
    assert [(s.city, s.state) for s in crisis.sites] == [place]
    assert crisis.hours == "24/7" and crisis.languages == ["es"]
    assert str(crisis.last_verified) == services[0]["assured_date"]
    [organization] = records.organizations  # nested twice, one organization
    assert organization.name == services[0]["organization"]["name"]
    # The very same mapping: the flattened tables read by the package reader give the same.
    with unpacked_json(PAGE) as package:
        assert read_hsds_package(package.directory, curated) == (records, [])


def test_cost_options_say_whether_a_service_is_free(
    tmp_path: Path, curated: CatalogContent
) -> None:
    page = _page()
    first, second = page["contents"]
    first["cost_options"] = [{"id": "5f0e3c52-6c4b-4a77-9e43-0c1d8f6a1b01", "amount": 0}]
    second["cost_options"] = [
        {"id": "5f0e3c52-6c4b-4a77-9e43-0c1d8f6a1b02", "amount": 0, "option": "Under 18s"},
        {"id": "5f0e3c52-6c4b-4a77-9e43-0c1d8f6a1b03", "amount": 20, "currency": "usd"},
    ]
    records, problems = read_hsds_json(_write(tmp_path / "costs.json", page), curated)
    assert problems == []
    # Free for everyone; free for some only, which is not "free of charge".
    assert [r.eligibility.free_of_charge for r in records.resources] == [True, None]


def test_a_plain_list_and_one_full_service_read_too(
    tmp_path: Path, curated: CatalogContent
) -> None:
    services = _page()["contents"]
    listed, _ = read_hsds_json(_write(tmp_path / "list.json", services), curated)
    single, _ = read_hsds_json(_write(tmp_path / "one.json", services[0]), curated)
    assert [r.title for r in listed.resources] == [s["name"] for s in services]
    assert [r.title for r in single.resources] == [services[0]["name"]]


def test_a_service_of_a_missing_organization_is_named_per_service(
    tmp_path: Path, curated: CatalogContent
) -> None:
    page = _page()
    for service in page["contents"]:
        service.pop("organization")
        service["organization_id"] = "00000000-0000-4000-8000-00000000dead"
    records, problems = read_hsds_json(_write(tmp_path / "orphans.json", page), curated)
    assert records.resources == []
    lines = [str(p) for p in problems]
    assert len(lines) == len(page["contents"])
    for index, line in enumerate(lines):
        assert line.startswith(f"orphans.json contents[{index}]: field 'organization_id' points")
        assert "which the file does not have; it was left out" in line


def test_a_misspelt_field_and_a_partial_page_are_reported(
    tmp_path: Path, curated: CatalogContent
) -> None:
    page = _page()
    page["total_items"] = 40
    page["contents"][1]["descripton"] = page["contents"][1].pop("description")
    _, problems = read_hsds_json(_write(tmp_path / "page1.json", page), curated)
    text = "\n".join(map(str, problems))
    assert "page1.json: is one page: it holds 2 of the partner's 40 services" in text
    assert "field 'descripton' is not an HSDS service field" in text
    assert "(did you mean 'description'?)" in text


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "is a web page, not HSDS JSON"),
        (b'{"contents": [', "is not valid JSON"),
        (b'{"error": "not found"}', "holds no HSDS services"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_hsds_json_is_one_sentence(
    capsys: pytest.CaptureFixture[str], data_dir: Path, content: bytes, sentence: str
) -> None:
    path = data_dir.parent / "services.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "import-hsds", str(path), "--as-local")
    assert (code, out) == (1, "")
    assert_one_sentence(err)
    assert sentence in err
    catalog, _ = store.ensure_catalog(data_dir, None)
    assert local.entries(catalog, store.open_user_db(data_dir)) == []


def test_a_json_above_the_bound_is_refused_before_it_is_read(
    tmp_path: Path, curated: CatalogContent
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, no disk used
        handle.truncate(50 * 1024**2)
    assert path.stat().st_size > MAX_JSON_BYTES
    with pytest.raises(HsdsPackageError, match=r"^huge\.json is 50 MB, larger than the"):
        read_hsds_json(path, curated)


def test_cli_imports_json_as_local_resources_and_again_updates_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Named without .json: recognised by its first byte, as an API's saved answer may be.
    saved = str(shutil.copy(PAGE, data_dir.parent / "services-page"))
    code, out, err = run(capsys, "import-hsds", saved, "--dry-run", "--json")
    assert code == 0, err
    preview = json.loads(out)
    assert [r["action"] for r in preview["resources"]] == ["add"] * len(_page()["contents"])
    for _ in range(2):
        code, _out, err = run(capsys, "import-hsds", str(PAGE), "--as-local")
        assert code == 0, err
    catalog, _ = store.ensure_catalog(data_dir, None)
    entries = local.entries(catalog, store.open_user_db(data_dir))
    assert sorted(e.record.title for e in entries if e.record) == sorted(
        s["name"] for s in _page()["contents"]
    )
