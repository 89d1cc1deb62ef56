"""Claim checks: right answers pass in any ordinary wording; wrong or hedged answers fail; a
misused check is reported with its file and criterion."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corecraft_mcp.grading.checks import evaluate
from corecraft_mcp.grading.claims import misuse, read_claim, stated
from corecraft_mcp.grading.normalise import normalise
from corecraft_mcp.tasks.loader import TaskFileError, load_task_file
from corecraft_mcp.tasks.models import ClaimCheck, Criterion, MentionsCheck, NotMentionsCheck
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.episode import Episode


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("Final-sale item", "final sale item"),
        ("a 10% fee", "a 10 percent fee"),
        ("a ten per cent fee", "a 10 percent fee"),
        ("$1,219.99", "1219.99"),
        ("1219.99 dollars", "1219.99"),
        ("USD 40.00", "40"),
        ("March 14, 2026", "2026-03-14"),
        ("Friday, 14th March 2026", "2026-03-14"),
        ("3/14/2026", "2026-03-14"),
        ("Mar 14th", "03-14"),
        ("thirty-five days", "35 days"),
        ("between one and two days", "between 1 and 2 days"),
        ("It isn't enough: 850W", "it is not enough: 850 w"),
        ("650 watts", "650 w"),
        ("ORD-100641", "ord 100641"),
    ],
)
def test_normalise_reads_common_wordings_alike(written: str, reads: str) -> None:
    assert normalise(written) == reads


@pytest.mark.parametrize(
    ("phrase", "reply", "found"),
    [
        ("30 days", "you have thirty days", True),
        ("30 days", "within a 30-day window", True),
        ("30", "order total 300", False),
        ("30", "it costs $1.30", False),
        ("frame rate limit", "set a framerate limit", True),
        ("coil whine", "that coil-whine is normal", True),
        ("eligible", "it is not eligible", False),
        ("eligible", "it is no longer eligible", False),
        ("eligible", "No, it is eligible", True),
        ("not eligible", "it isn't eligible", True),
        ("TKT-", "your ticket is TKT-00412", True),
        ("TKT-", "I will open a ticket", False),
        ("2026-03-14", "by March 14", True),
        ("2026-03-14", "by March 15", False),
        ("549.99", "refund of $549.99", True),
        ("549.99", "refund of $54.99", False),
    ],
)
def test_a_phrase_is_stated_in_any_wording_and_not_when_negated(
    phrase: str, reply: str, found: bool
) -> None:
    assert stated(phrase, normalise(reply)) is found


PSU = ClaimCheck.model_validate(
    {
        "claim": ["not enough", "too small", "has to be replaced"],
        "wrong": ["is enough", "plenty of power", "can handle it"],
    }
)


@pytest.mark.parametrize(
    ("reply", "satisfied"),
    [
        ("Your 650 W supply is not enough; the card needs 850 W.", True),
        ("The PSU isn't enough for it.", True),
        ("The CX650 has to be replaced.", True),
        ("Your build has plenty of power.", False),
        ("It is not enough. Then again, it is enough if you undervolt.", False),
        ("The card needs 850 W and you have 650 W.", False),
    ],
)
def test_a_claim_needs_the_right_conclusion_and_no_wrong_one(reply: str, satisfied: bool) -> None:
    assert read_claim(PSU.right, PSU.wrong, reply).satisfied is satisfied


def test_a_wrong_phrase_inside_the_right_claim_is_part_of_it() -> None:
    reading = read_claim(["850 W or more"], ["850 W"], "It needs 850 W or more.")
    assert reading.satisfied
    assert not read_claim(["850 W or more"], ["850 W"], "It needs 850 W.").satisfied


async def test_claim_and_mentions_alternatives_grade_a_transcript(episode: Episode) -> None:
    mentions = MentionsCheck.model_validate({"mentions": [["final sale", "not returnable"]]})
    transcript = Transcript(response="Sorry: it was a final-sale cooler.")
    outcome = evaluate(mentions, episode.db.conn, episode.diff(), transcript)
    assert outcome.satisfied
    outcome = evaluate(PSU, episode.db.conn, episode.diff(), Transcript(response="plenty of power"))
    assert not outcome.satisfied and "plenty of power" in outcome.evidence


def test_misused_checks_are_named() -> None:
    assert misuse(MentionsCheck.model_validate({"mentions": ["Gold"]}))
    assert misuse(MentionsCheck.model_validate({"mentions": ["10%"]}))
    assert not misuse(MentionsCheck.model_validate({"mentions": ["Gold tier", "USPS"]}))
    refusal = NotMentionsCheck.model_validate({"not_mentions": ["140.00"]})
    assert misuse(refusal, "Please refund me the $140 difference")
    assert not misuse(refusal, "Please match the price")
    assert misuse(ClaimCheck.model_validate({"claim": "10%", "wrong": ["15%"]}))
    assert misuse(ClaimCheck.model_validate({"claim": "final sale", "wrong": ["final-sale"]}))


@pytest.mark.parametrize(
    ("check", "says"),
    [
        ({"claim": "not enough"}, "wrong"),
        ({"claim": ["eligible"], "wrong": ["Eligible"]}, "both in claim and in wrong"),
        ({"claim": [], "wrong": ["x"]}, "claim"),
        ({"mention": ["x"]}, "one of the keys"),
    ],
)
def test_a_task_file_that_misuses_a_check_names_file_and_criterion(
    tmp_path: Path, check: dict[str, object], says: str
) -> None:
    Criterion.model_validate({"id": "ok", "kind": "format", "text": "x" * 10, "judge": True})
    data = yaml.safe_load(
        (
            Path(__file__).parents[1] / "rubrics/train/tech-gpu-upgrade-custom-build-0003.yaml"
        ).read_text()
    )
    data["rubric"][2]["check"] = check
    path = tmp_path / "train" / f"{data['id']}.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(TaskFileError) as error:
        load_task_file(path)
    message = str(error.value)
    assert str(path) in message and "criterion psu-too-small" in message and says in message
