"""``bench/pages.py`` times every page: a new named address is either in its list or excluded with a reason.

The benchmark itself is never run here (speed lives in bench/); these tests only keep its
list of pages in step with the URLconf.
"""

import importlib.util
import string
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load_pages():
    sys.path.insert(0, str(BENCH))  # pages.py imports its neighbour scale_data.py
    try:
        spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "pages.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


pages = _load_pages()
TIMED = {page.name for page in pages.PAGES}


def _args_of(name: str) -> list[int]:
    """As many ids as the address ``name`` takes."""
    for count in range(4):
        try:
            reverse(name, args=[1] * count)
        except NoReverseMatch:
            continue
        return [1] * count
    raise AssertionError(f"{name} takes more than 3 ids, or none that are numbers")


def test_every_named_address_is_timed_or_excluded_with_a_reason():
    forgotten = sorted(set(pages.url_names()) - TIMED - set(pages.EXCLUDED))
    assert not forgotten, (
        f"{forgotten}: add each to PAGES in bench/pages.py (who opens it, with which records), "
        "or to EXCLUDED with the reason it is not timed"
    )


def test_nothing_listed_is_gone_from_the_urlconf():
    names = set(pages.url_names())
    assert sorted((TIMED | set(pages.EXCLUDED)) - names) == []


def test_a_page_is_timed_or_excluded_never_both():
    assert sorted(TIMED & set(pages.EXCLUDED)) == []
    assert all(reason.strip() for reason in pages.EXCLUDED.values())


def test_the_floor_is_a_signed_in_page_of_the_urlconf():
    assert pages.FLOOR in pages.url_names()
    assert pages.FLOOR in pages.EXCLUDED


def test_each_timed_page_names_the_records_its_address_takes():
    for page in pages.PAGES:
        assert set(page.roles) <= set(pages.ROLES), page
        assert len(_args_of(page.name)) == len(page.args), f"{page.name} takes {len(_args_of(page.name))} ids"


@pytest.mark.django_db
def test_the_records_and_dates_a_page_asks_for_are_ones_samples_gives(org):
    given = pages.samples(org.admin)
    for page in pages.PAGES:
        fields = {field for _text, field, _spec, _conversion in string.Formatter().parse(page.query) if field}
        assert set(page.args) | fields <= set(given), page


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name, why in pages.EXCLUDED.items() if why == pages.POST_ONLY))
def test_what_is_excluded_as_post_only_refuses_a_get(client, org, name):
    client.force_login(org.admin)
    assert client.get(reverse(name, args=_args_of(name))).status_code == 405
