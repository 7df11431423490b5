"""Records the loaders build without validation (``ItemRecord.trusted``, ``Owner.trusted``,
``Skipped.trusted``) must be exactly what validation would have made: same values, same types
(a ``str`` subclass or a tuple would pass ``==`` but not validation), and no list or dict
shared between two records or with anything else."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from graphmodel.schema import ItemRecord, Kind, Owner
from loaders.base import Skipped, read_text
from loaders.registry import get_loader
from tests.conftest import SAMPLES


def _typed(value: object) -> object:
    """``value`` with the exact type of everything in it spelled out, for comparing."""
    if isinstance(value, BaseModel):
        return (type(value), _typed(dict(value.__dict__)))
    if isinstance(value, dict):
        return (type(value), sorted((_typed(k), _typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return (type(value), [_typed(v) for v in value])
    return (type(value), repr(value))


def _containers(record: BaseModel) -> list[object]:
    return [v for v in record.__dict__.values() if isinstance(v, (list, dict))]


def _same_as_validated(record: BaseModel) -> bool:
    again = type(record).model_validate(record.model_dump())
    return record == again and _typed(record) == _typed(again)


@pytest.mark.parametrize("layout", list(SAMPLES))
def test_records_equal_their_validated_copies(layout):
    path = SAMPLES[layout]
    result = get_loader(layout).parse(read_text(path), path.name)
    assert result.items and result.skipped
    for item in result.items:
        assert _same_as_validated(item), item.key
    for skipped in result.skipped:
        assert _same_as_validated(skipped), skipped.line
    # validation copies every list and dict it is given: no two records share one
    containers = [c for item in result.items for c in _containers(item)]
    assert len({id(c) for c in containers}) == len(containers)


def test_trusted_applies_empty_is_none():
    fields = {"source": "a.txt", "line": 3, "lines": [3], "plan": "2017/18", "kind": Kind.ACTIVITY,
              "title": "Do it", "code": "  ", "status": " On Target ", "parent": "", "comments": "\n"}
    trusted, validated = ItemRecord.trusted(**fields), ItemRecord(**fields)
    assert (trusted.code, trusted.status, trusted.parent, trusted.comments) == (None, "On Target", None, None)
    assert _typed(trusted) == _typed(validated)
    assert trusted.model_dump_json() == validated.model_dump_json()


def test_the_check_sees_what_equality_misses():
    """A ``str`` subclass equals its text, but validation makes it a plain ``str``: the check
    above must tell them apart (else it could not fail)."""

    class Text(str):
        pass

    assert not _same_as_validated(Skipped.trusted(line=1, text=Text("x"), reason="header row"))
    assert not _same_as_validated(Owner.trusted(Text("Ann Lee"), None))
    assert _same_as_validated(Owner.trusted("Ann Lee", None))
