"""Issue 11 rules of the offline brief, each on a small text written for the test (no article text is copied).

Denials as news English writes them, never a "declined to comment"; statements that are whole and clean;
unplaceable speakers left out; actors that are people, bodies and groups; open questions that read well; and
BM25 follow-up answers. The last tests check linear work and the committed gold files.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.engines.extractive import answer_extractive, brief_extractive
from bot.engines.extractive.answer import NOT_SAID
from bot.engines.extractive.lint import PRONOUNS, garbled
from bot.engines.extractive.sentences import MAX_SENTENCE_CHARS, split_sentences
from bot.models import Article, Brief
from tests.fakes.paths import REPO_ROOT

GOLD_DIR = REPO_ROOT / "bench" / "gold"


def brief_of(text: str) -> Brief:
    return brief_extractive(Article(source="test.txt", text=text, word_count=len(text.split()))).brief


def denials_of(text: str) -> list[tuple[str, str]]:
    return [(d.denier, d.denied) for d in brief_of(text).denials]


def shown_lines(brief: Brief) -> list[tuple[str, str]]:
    lines = [("headline", brief.headline), ("summary", brief.summary)]
    lines += [("claim", c.statement) for c in brief.claims]
    lines += [("denial", d.denied) for d in brief.denials]
    lines += [("question", q.question) for q in brief.open_questions]
    return lines


# -- denials -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        (
            "Critics said Harlow Mining polluted the river. Harlow Mining denied the allegations on Friday.",
            "Harlow Mining",
        ),
        (
            "Residents accused the Northgate Council of hiding the survey. "
            "The Northgate Council rejected these accusations as “patently false.”",
            "Northgate Council",
        ),
        (
            "Campaigners said the ministry hid the audit. "
            "A ministry spokesman told the Daily Ledger the allegations are false.",
            "Ministry spokesman",
        ),
        (
            "Harlow Mining was accused of polluting the river. "
            "“That is absolutely not true,” said company chief Anna Berg.",
            "Anna Berg",
        ),
        ("Prosecutors charged Tom Reed with fraud last month. Reed pleaded not guilty on Tuesday.", "Tom Reed"),
        (
            "Critics said Senator Mia Holt wrote the letter. “I didn’t write that letter,” Holt said on Monday.",
            "Mia Holt",
        ),
        (
            "Opponents accused the Green Party of breaking campaign rules. Party leader Ana Ruiz defended the "
            "party’s actions, saying every donation had been declared.",
            "Ana Ruiz",
        ),
        (
            "Critics said Harlow Mining polluted the river. The company flatly denied the allegations in a statement.",
            "Harlow Mining",
        ),
    ],
    ids=["denied", "rejected-as-false", "told-x-false", "not-true", "pleaded", "first-person", "defended", "company"],
)
def test_each_denial_form_is_a_denial_by_who_denies(text: str, denier: str) -> None:
    denials = denials_of(text)
    assert [d for d, _ in denials] == [denier], denials


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said the dam was safe. Harlow Mining declined to comment.",
        "The ministry said the dam was safe. The company declined a request for comment.",
        "The ministry said the dam was safe. Harlow Mining did not respond to requests for comment.",
    ],
)
def test_declining_to_comment_is_never_a_denial(text: str) -> None:
    assert denials_of(text) == []


def test_the_same_denial_is_listed_once() -> None:
    text = "Critics said Senator Mia Holt wrote the letter. Holt denied the claim. Holt denied the claim."
    assert len(denials_of(text)) == 1


def test_a_denial_is_linked_only_to_the_claim_it_spells_out() -> None:
    text = (
        "Ana Berg said she was moved to another team two weeks later. "
        "A spokesperson for Harlow Mining rejected the suggestion that Berg had been moved because of her "
        "complaints, saying the move was planned in January."
    )
    brief = brief_of(text)
    assert len(brief.denials) == 1
    assert brief.denials[0].disputes_claim is None  # the move is confirmed; only its motive is denied
    assert "because of her complaints" in brief.denials[0].denied
    assert not any(c.disputed for c in brief.claims)


# -- statements ----------------------------------------------------------------------------------------------


def test_no_sentence_ends_at_an_initialism_inside_a_name() -> None:
    text = "The firm faces scrutiny from the U.S. Securities and Exchange Commission, the Daily Ledger reported."
    assert len(split_sentences(text)) == 1
    claim = brief_of(text).claims[0]
    assert "U.S. Securities and Exchange Commission" in claim.statement


def test_a_quoted_title_does_not_end_the_sentence() -> None:
    text = "The state’s “Stop. Think.” campaign has drawn ridicule since Monday, the Daily Ledger reported."
    assert len(split_sentences(text)) == 1


def test_a_statement_keeps_its_quotation_whole() -> None:
    text = "Coach Rob Keel said his captain was “just trying to spark some energy.”"
    statement = brief_of(text).claims[0].statement
    assert statement.count("“") == statement.count("”")
    assert garbled(statement) is None


def test_a_long_statement_is_never_cut_inside_a_quotation() -> None:
    text = (
        "Mayor Ana Ruiz said the repairs to the harbour wall, which the council approved in March after two "
        "winters of storms, would be finished by the autumn, and added that the city had “learned every "
        "lesson there is to learn from the floods of the last two winters, and from the people who lived "
        "through them in the lower town.”"
    )
    statement = brief_of(text).claims[0].statement
    assert statement.count("“") == statement.count("”"), statement
    assert garbled(statement) is None


def test_a_parenthetical_source_leaves_no_stray_comma() -> None:
    text = "The man had, according to health officials, killed and eaten a wild rabbit."
    claim = brief_of(text).claims[0]
    assert claim.statement == "The man had killed and eaten a wild rabbit."
    assert ", ," not in claim.statement and "had, killed" not in claim.statement


def test_an_unresolved_pronoun_speaker_is_left_out() -> None:
    assert brief_of("He said the plan would fail.").claims == []
    assert brief_of("The report was wrong, she said.").claims == []


def test_a_resolved_pronoun_keeps_the_speaker() -> None:
    text = "Mayor Ana Ruiz said the bridge was safe. She said the repairs would start in May."
    assert [c.claimant for c in brief_of(text).claims] == ["Ana Ruiz", "Ana Ruiz"]


def test_a_dateline_is_not_part_of_a_quote() -> None:
    text = "NORTHGATE, Estrava (AP) — Mayor Ana Ruiz said on Monday that the bridge would reopen in May."
    claim = brief_of(text).claims[0]
    assert claim.quote.startswith("Mayor Ana Ruiz") and "(AP)" not in claim.quote


def test_a_short_quotation_hands_the_speaker_to_the_next_one() -> None:
    text = "Coach Rob Keel praised him. “Perfect,” Keel said. “That is the mark of a real team player.”"
    claims = brief_of(text).claims
    assert [(c.claimant, c.statement) for c in claims] == [("Rob Keel", "That is the mark of a real team player.")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The ice is thinner than we thought,” said planetary geologist Mara Quist of the Polar Institute.",
            "Mara Quist",
        ),
        ("“The sample was clean,” Jana Roe, the team’s lead chemist, said in a statement.", "Jana Roe"),
        ("Ivo Brandt called the new plan a “reckless gamble with public money.”", "Ivo Brandt"),
    ],
)
def test_speakers_in_less_common_orders(text: str, speaker: str) -> None:
    assert [c.claimant for c in brief_of(text).claims] == [speaker]


def test_a_noun_object_keeps_its_subject_and_verb() -> None:
    text = "The Estravan Health Ministry confirmed four new cases on Monday."
    assert brief_of(text).claims[0].statement.startswith("The Estravan Health Ministry confirmed four new cases")


def test_a_study_that_found_is_a_source() -> None:
    text = "A study published on Monday found that the drug cut deaths by a third."
    assert [c.statement for c in brief_of(text).claims] == ["The drug cut deaths by a third."]


def test_news_about_subscribers_is_not_boilerplate() -> None:
    text = "Streamline Media continued to sign up new subscribers all week, its chief Ada Roon said on Friday."
    assert [c.claimant for c in brief_of(text).claims] == ["Ada Roon"]


# -- actors --------------------------------------------------------------------------------------------------


def test_a_title_stays_whole_before_the_name() -> None:
    text = "Prime Minister Boris Holt said on Monday that the vote would be held in May. Holt added that he was sure."
    actors = [(a.name, a.role) for a in brief_of(text).actors]
    assert ("Boris Holt", "Prime Minister") in actors


def test_actors_are_never_pronouns_weekdays_or_offices() -> None:
    text = (
        "On Thursday, the Taliban said they had taken the town. You can read the statement online. "
        "The Taliban also said talks would go on, the Daily Ledger reported Monday. "
        "The company named Ivan Lorn as its first Chief Strategy Officer."
    )
    names = [a.name.lower() for a in brief_of(text).actors]
    assert "taliban" in names
    assert not {"you", "on thursday", "thursday", "monday", "strategy officer", "chief strategy officer"} & set(names)


def test_initials_in_brackets_merge_with_the_body() -> None:
    text = (
        "The Estravan Centre for Disease Control and Prevention (Estravan CDC) said the virus had spread. "
        "The Estravan CDC later added that 40 people were ill."
    )
    names = [a.name for a in brief_of(text).actors]
    assert names == ["Estravan Centre for Disease Control and Prevention"]


def test_a_middle_initial_stays_in_the_name() -> None:
    text = "Ryan S. Tollan, the county sheriff, said six people were arrested. Tollan said more arrests would follow."
    assert "Ryan S. Tollan" in [a.name for a in brief_of(text).actors]


# -- open questions and shown lines --------------------------------------------------------------------------


QUESTION_TEXTS = [
    "The regulator has not said whether it will investigate the claims.",
    "Mayor Ana Ruiz said the council would vote on the plan next month. It is not clear when work will begin.",
    "Harlow Mining declined to say how many jobs would be cut. The company is expected to report on Friday.",
    "Ana Berg is scheduled to appear in court on March 3. She faces up to 10 years in prison.",
    "Critics said Senator Mia Holt wrote the letter. Holt denied the claim.",
]


@pytest.mark.parametrize("text", QUESTION_TEXTS)
def test_every_shown_line_reads_well(text: str) -> None:
    for field, line in shown_lines(brief_of(text)):
        kind = {"question": {"min_words": 4, "question": True}, "summary": {"min_words": 8}}.get(field, {})
        assert garbled(line, **kind) is None, (field, line)  # type: ignore[arg-type]


def test_a_pronoun_in_a_whether_clause_is_the_subject_who_has_not_said() -> None:
    questions = [q.question for q in brief_of(QUESTION_TEXTS[0]).open_questions]
    assert questions and all(not re.match(r"Will (?:it|he|she|they)\b", q) for q in questions)
    assert any("the regulator" in q.lower() for q in questions)


def load_scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_score_lint", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scorers_lint_passes_on_every_brief_of_our_texts(shared_dir: Path) -> None:
    scorer = load_scorer(shared_dir)
    texts = [*QUESTION_TEXTS, (REPO_ROOT / "examples" / "sample-article.txt").read_text()]
    texts += [p.read_text() for p in sorted((REPO_ROOT / "tests" / "fixtures" / "briefs").glob("*.txt"))]
    for text in texts:
        brief = json.loads(brief_of(text).model_dump_json())
        assert scorer.garbled(brief) == [], text[:60]


def test_the_scorers_lint_passes_on_every_development_page(shared_dir: Path) -> None:
    """Every page of the extraction benchmark except the held-out check half (never used to decide a rule)."""
    truth_path = shared_dir / "bench" / "extraction" / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip(f"no article texts at {truth_path}")
    scorer = load_scorer(shared_dir)
    held_out = {
        json.loads(p.read_text())["page"] for p in (GOLD_DIR / "check").glob("*.json") if p.name != "questions.json"
    }
    texts = [item["articleBody"] for page, item in _truth(truth_path).items() if page not in held_out]
    texts += [p.read_text() for p in sorted((shared_dir / "eval" / "articles").glob("*.txt"))]
    failures = []
    for text in texts:
        brief = json.loads(brief_of(text).model_dump_json())
        failures += scorer.garbled(brief)
        failures += [f"pronoun speaker: {c['claimant']}" for c in brief["claims"] if c["claimant"].lower() in PRONOUNS]
    assert failures == []


def test_our_lint_agrees_with_the_scorers(shared_dir: Path) -> None:
    scorer = load_scorer(shared_dir)
    samples = [
        ("He had, , killed a rabbit.", {}),
        ("Jack was “just trying to spark some energy.", {}),
        ("The offer.", {}),
        ("Will job cuts be announced in an email that was?", {"min_words": 4, "question": True}),
        ("Will the council open its own inquiry?", {"min_words": 4, "question": True}),
        ("The council will vote (on Friday).", {}),
    ]
    for text, kind in samples:
        assert (garbled(text, **kind) is None) == (scorer.lint_text(text, **kind) is None), text  # type: ignore[arg-type]


# -- follow-up answers ---------------------------------------------------------------------------------------

FERRY = (
    "Minister Ada Roon said the port would buy a new ferry for the island. "
    "The ferry will carry 300 passengers and 40 cars. "
    "Roon said it would enter service next spring, after sea trials in the winter. "
    "Islanders have long complained about cancelled crossings."
)


def ask(text: str, question: str) -> str:
    article = Article(source="test.txt", text=text, word_count=len(text.split()))
    return answer_extractive(article, question, brief=brief_extractive(article).brief).answer


def test_how_many_is_answered_by_the_sentence_with_the_figure() -> None:
    answer = ask(FERRY, "How many passengers can the new ferry take?")
    assert "300 passengers" in answer


def test_when_is_answered_by_the_sentence_with_the_time() -> None:
    assert "next spring" in ask(FERRY, "When does the new ferry enter service?")


def test_an_unrelated_question_is_declined() -> None:
    assert ask(FERRY, "What did the football club pay for its new striker?") == NOT_SAID


def test_how_many_without_a_count_of_that_thing_is_declined() -> None:
    assert ask(FERRY, "How many crew members will the ferry need?") == NOT_SAID


def test_an_answer_quotes_at_most_two_sentences() -> None:
    article = Article(source="test.txt", text=FERRY, word_count=len(FERRY.split()))
    answer = answer_extractive(article, "What did Roon say about the ferry?")
    assert answer.found and 1 <= len(answer.quotes) <= 2
    assert all(q in FERRY for q in answer.quotes)


# -- linear work ---------------------------------------------------------------------------------------------


def _calls(text: str) -> int:
    """Python and C function calls made while briefing ``text`` (a count of work, not a timing)."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    sys.setprofile(profile)
    try:
        brief_of(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize(
    "unit",
    [
        "Mr. " * 240 + "said Ada Roon. ",
        "Ada Roon, the head of the port authority, will " * 20 + "said Lars Penn. ",
        '“, ” , " ,, ", “ ” ,' * 40 + " said Ada Roon. ",
    ],
    ids=["mr", "apposed", "quotes"],
)
def test_doubling_the_text_doubles_the_work(unit: str) -> None:
    paragraph = unit * 5 + "\n\n"
    small, large = _calls(paragraph * 4), _calls(paragraph * 8)
    assert large < 2.6 * small, (small, large)


def test_no_sentence_the_rules_read_is_longer_than_the_cap() -> None:
    text = "Mr. " * 2000 + "said Ada Roon."
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert not any(s.usable for s in sentences if s.overlong)


# -- the committed gold ----------------------------------------------------------------------------------------


def _gold_files() -> list[Path]:
    return sorted(p for half in ("tune", "check") for p in (GOLD_DIR / half).glob("*.json"))


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_files_are_well_formed_and_their_evidence_is_verbatim(shared_dir: Path, path: Path) -> None:
    truth_path = shared_dir / "bench" / "extraction" / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip(f"no article texts at {truth_path}")
    truth = _truth(truth_path)
    data = json.loads(path.read_text())
    items = data if path.name == "questions.json" else [data]
    for item in items:
        page = item["page"]
        keys = [key for key in truth if key.startswith(page)]
        assert len(keys) == 1, page
        body = truth[keys[0]]["articleBody"]
        if path.name == "questions.json":
            assert item["question"].strip().endswith("?")
            evidence = item["evidence"]
            assert (evidence is None) == (item.get("answerable") is False)
            for excerpt in [] if evidence is None else evidence if isinstance(evidence, list) else [evidence]:
                assert excerpt in body, (page, excerpt[:60])
            continue
        assert item["id"] == path.stem and page.startswith(path.stem)
        assert all(a["names"] and isinstance(a["required"], bool) for a in item["actors"])
        for kind in ("claims", "denials"):
            for gold in item[kind]:
                assert gold["by"] and isinstance(gold["required"], bool)
                evidence = gold["evidence"]
                for excerpt in evidence if isinstance(evidence, list) else [evidence]:
                    assert excerpt in body, (path.stem, excerpt[:60])
        for question in item["open_questions"]:
            assert question["about"] and all(group for group in question["about"])


_TRUTH: dict[str, dict[str, dict[str, str]]] = {}


def _truth(path: Path) -> dict[str, dict[str, str]]:
    if str(path) not in _TRUTH:
        _TRUTH[str(path)] = json.loads(path.read_text())
    return _TRUTH[str(path)]


def test_an_untitled_lead_cut_for_the_headline_says_it_was_cut() -> None:
    lead = (
        "The harbour board spent Monday trying to explain the long delay to the ferry contract that led "
        "to weeks of cancelled crossings, and the mayor said the city would review every contract it signed."
    )
    headline = brief_of(lead).headline
    assert headline.endswith("…") and lead.startswith(headline.rstrip("…"))
    short = brief_of("The harbour board approved the ferry contract on Monday, the mayor said.").headline
    assert not short.endswith("…")


PENDING_CLAUSE_TEXTS = [
    # (text, a question it may ask, words no question may contain)
    (
        "Mayor Ana Ortiz spoke to reporters on Monday about the harbour plan. Analysts thought investors would "
        "punish the port company for the long delay.",
        "Will investors punish the port company for the long delay?",
        ("thought",),
    ),
    (
        "Mayor Ana Ortiz spoke to reporters on Monday about the harbour plan. Inspector Lena Brandt is likely to "
        "file more reports, and Mayor Ortiz might well order new repairs.",
        "Will Inspector Lena Brandt file more reports?",
        ("might",),
    ),
    (
        "Mayor Ana Ortiz spoke to reporters on Monday about the harbour plan. People will begin to doubt the "
        "council's harbour plan.",
        "Will people begin to doubt the council's harbour plan?",
        ("People",),
    ),
    (
        "Mayor Ana Ortiz spoke to reporters on Monday about the harbour plan. Ortiz believes that the more delays "
        "the council causes, the more the harbour public will turn against the plan.",
        None,
        ("the more",),
    ),
    (
        "Mayor Ana Ortiz spoke to reporters on Monday about the harbour plan. If the past month is any guide, "
        "Ortiz will have sustained real political damage by the time the inquiry ends.",
        None,
        ("have sustained",),
    ),
]


@pytest.mark.parametrize(("text", "expected", "never"), PENDING_CLAUSE_TEXTS)
def test_a_pending_question_asks_about_one_clause_with_a_real_subject(
    text: str, expected: str | None, never: tuple[str, ...]
) -> None:
    """'X thought Y would ...' asks about Y; ', and Z might ...' is a second clause left out; a sentence-opening
    common noun is not capitalised mid-question; 'the more the public will ...' has no subject to ask about."""
    questions = [q.question for q in brief_of(text).open_questions]
    if expected is not None:
        assert expected in questions
    assert not [q for q in questions if any(word in q for word in never)], questions
    assert all(garbled(q, min_words=4, question=True) is None for q in questions)


OPEN_MATTER_TEXTS = [
    # (text, the question it must ask)
    (
        "Harbour Minister Ana Ortiz and Port Chief Lena Brandt have been expected to sign the ferry contract for "
        "about a month. The contract is worth 40 million euros, the ministry said.",
        "Will Harbour Minister Ana Ortiz and Port Chief Lena Brandt sign the ferry contract?",
    ),
    (
        "Mayor Ana Ortiz vowed to close the old pier by March. The pier has been unsafe for years, engineers said.",
        "Will Mayor Ana Ortiz close the old pier by March?",
    ),
    (
        "Councillor Tomas Berg on Tuesday accused Ferrylink of hiding safety reports from inspectors. The "
        "harbour board said it would review the reports.",
        "Has Ferrylink responded to Councillor Tomas Berg’s accusation of hiding safety reports from inspectors?",
    ),
    (
        "Councillor Tomas Berg accused the Greens of delaying the harbour vote. The vote is now set for June, "
        "the council said.",
        "Have the Greens responded to Councillor Tomas Berg’s accusation of delaying the harbour vote?",
    ),
    (
        "Dario Vance, 52, is fighting extradition to the United States, where he is wanted for fraud. A court in "
        "Lisbon heard the case on Monday, officials said.",
        "Will Dario Vance be extradited to the United States?",
    ),
    (
        "Before launch Ferrylink promised passengers would cross in under an hour, allowing commuters to skip "
        "the bridge. Crossings now take ninety minutes, the harbour board said.",
        "Will Ferrylink keep the promise that passengers would cross in under an hour?",
    ),
    (
        "A ferry inspector was injured in a stabbing at the harbour on Friday. Police arrested a 40-year-old man "
        "at the scene, a spokesman said.",
        "What was the motive for the stabbing?",
    ),
]


OPEN_MATTER_TEXTS += [
    (
        "It was not immediately clear what caused the fire at the Harbour depot, officials said. Mayor Ana Ortiz "
        "visited the site.",
        "What caused the fire at the Harbour depot?",
    ),
    (
        "Officials did not say how many people were hurt in the fire, Mayor Ana Ortiz said.",
        "How many people were hurt in the fire?",  # the trailing attribution is not part of the question
    ),
    (
        "No group has claimed responsibility for the bombing of the Harbour depot, Mayor Ana Ortiz said.",
        "Who was behind the bombing of the Harbour depot?",
    ),
    (
        "The merger still needs approval from regulators in Brussels, Harbour Mall said.",
        "Will regulators in Brussels approve the merger?",
    ),
    (
        "Police are searching for the gunman who opened fire at the Harbour depot, Mayor Ana Ortiz said.",
        "Will police find the gunman who opened fire at the Harbour depot?",
    ),
]

OPEN_MATTER_TEXTS += [
    (
        "Councillor Tomas Berg and Councillor Lena Brandt have dragged the Harbour Commissioner, Dario Vance, to "
        "court. They ask for damages of two million euros, court papers show.",
        "How will the court rule on the suit against the Harbour Commissioner?",
    ),
    (
        "Ana Ortiz — spokeswoman for Ferrylink — responded to the allegations in a post on Monday, threatening "
        "legal action. The post was shared widely, the Harbour Post reported.",
        "Will Ana Ortiz take legal action?",
    ),
]

OPEN_MATTER_TEXTS += [
    ("Ferrylink has asked the court to dismiss the case, its lawyers said.", "Will the court dismiss the case?"),
    ("Dario Vance, 52, is awaiting trial on fraud charges, prosecutors said.", "When will Dario Vance stand trial?"),
    (
        "Ferrylink has until Friday to respond to the complaint, the regulator said.",
        "Will Ferrylink respond to the complaint by Friday?",
    ),
]


@pytest.mark.parametrize(("text", "expected"), OPEN_MATTER_TEXTS)
def test_open_matters_a_reader_would_ask_about_are_asked(text: str, expected: str) -> None:
    """A long-expected signing, a vow, an accusation with no answer in the article, contested extradition, a
    reported promise, a violent act with a suspect but no motive: each leaves a question with a named actor."""
    questions = [q.question for q in brief_of(text).open_questions]
    assert expected in questions
    assert all(garbled(q, min_words=4, question=True) is None for q in questions)


NO_OPEN_MATTER_TEXTS = [
    # an accusation the accused answers in the article
    "Councillor Tomas Berg accused Ferrylink of hiding safety reports. Ferrylink denied hiding any reports, "
    "its spokesman said.",
    # a pronoun accuser and a pronoun promiser place nobody
    "He accused Ferrylink of hiding safety reports. She promised the ferries would run on time, they said.",
    # the article gives the motive
    "A ferry inspector was injured in a stabbing at the harbour on Friday. Police arrested a man who attacked "
    "him because of a parking dispute, a spokesman said.",
]


@pytest.mark.parametrize("text", NO_OPEN_MATTER_TEXTS)
def test_no_question_when_the_article_answers_it_or_names_nobody(text: str) -> None:
    questions = [q.question for q in brief_of(text).open_questions]
    assert not [q for q in questions if "responded to" in q or "promise" in q or "motive" in q], questions


@pytest.mark.parametrize(
    ("text", "never"),
    [
        # a long clause is cut at a comma, never mid-phrase ("into Dario Vance, the mayor's leading?")
        (
            "The hearings are an effort by councillors to establish whether the mayor withheld harbour funds from "
            "the port authority to pressure its chairman Tomas Berg into announcing an inquiry into Dario Vance, "
            "the mayor's leading rival in the polls. The mayor denied it, aides said.",
            ("leading?", "mayor's?"),
        ),
        # a list before the verb is left out, never the verb after it ("… of goods?")
        (
            "The talks left traders uncertain whether a harbour levy on 40 million euros of goods, including fuel, "
            "fish and timber, would go into effect in May. Ferrylink said it had no view, its chief said.",
            ("of goods?", "timber"),
        ),
        # two clauses run together after a closing quotation mark
        (
            "Mayor Ana Ortiz has said that a signing would take place in the “harbour district,” but the unions "
            "have been reluctant to commit to a date until the levy is dropped.",
            ("” but",),
        ),
        # "urged X not to ...": no act to ask about, and "public" is no verb
        ("Mayor Ana Ortiz urged the Harbour public not to tolerate the delays, her office said.", ("not to",)),
        # what "doing so", "the former" and "you" point to is not in the question
        (
            "Officials know that doing so would spark a strike at the port. Forced to choose between a strike and "
            "a closure, Ortiz will choose the former. Ferry users will want a pass if you prefer, the guide said.",
            ("doing so", "the former", "you"),
        ),
    ],
)
def test_questions_never_cut_mid_phrase_or_point_at_what_they_do_not_say(text: str, never: tuple[str, ...]) -> None:
    questions = [q.question for q in brief_of(text).open_questions]
    assert not [q for q in questions if any(word in q for word in never)], questions
    assert all(garbled(q, min_words=4, question=True) is None for q in questions)


def test_one_unnamed_person_is_not_a_speaker_but_the_named_one_in_that_role_is() -> None:
    """'the expert warned' with no expert named: the claim is left out, and 'Expert' is no actor. After 'Ana
    Ortiz, an analyst at Baltic Research', 'the analyst said' is Ortiz."""
    unnamed = brief_of(
        "“The harbour board is not entitled to any immunity,” said one legal expert, as reported by the Harbour "
        "Post. “Its contracts are under investigation by the regulator,” the expert warned."
    )
    assert not [c for c in unnamed.claims if c.claimant.lower() == "expert"]
    assert "Expert" not in [a.name for a in unnamed.actors]
    named = brief_of(
        "Ana Ortiz, an analyst at Baltic Research, followed the harbour vote on Monday. “The contract will be "
        "signed within a week,” the analyst said."
    )
    assert [c.claimant for c in named.claims] == ["Ana Ortiz"]


def test_a_named_day_or_gathering_is_not_an_actor() -> None:
    brief = brief_of(
        "Harbour Mall leaders have denied claims made in a viral post that said the mall misreported its Singles "
        "Day sales. Ana Ortiz — project manager for communications on Singles Day and PR director of Harbour "
        "Mall — responded to the allegations in a post, threatening legal action."
    )
    names = [a.name for a in brief.actors]
    assert "Harbour Mall" in names
    assert "Singles Day" not in names


def test_a_passive_denial_of_a_thing_is_no_denial_but_of_a_report_is() -> None:
    """'A photo of the meeting was denied by X' does not say what X denies; 'the report was denied by X' does."""
    assert denials_of("A photo of the meeting was denied by Mayor Ana Ortiz, hinting that it was a fake.") == []
    denials = denials_of(
        "The Harbour Post reported on Monday that the contract was signed. The report was denied by Mayor Ana Ortiz."
    )
    assert [denier for denier, _ in denials] == ["Ana Ortiz"]


def test_a_readers_word_meets_the_reporters_word_for_the_same_act() -> None:
    """'attacked' finds 'the stabbing', 'suing' finds 'the lawsuit', 'hurt' finds 'injured'."""
    text = (
        "Dr Ana Ortiz was stabbed on Tuesday evening. The stabbing occurred during a lecture she gave at the "
        "Harbour Clinic in Tarvossa, where she worked. Two visitors were injured while stopping the attacker. "
        "The clinic's owners filed a lawsuit against the city over security."
    )
    assert "Harbour Clinic" in ask(text, "Where was she attacked?")
    assert "Two visitors" in ask(text, "Was anyone else hurt?")
    assert "lawsuit" in ask(text, "Who are the owners suing?")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "A widely used sweetener may raise the risk of an irregular heartbeat in older adults, according to a "
            "study published on Monday. Sweetco, which makes the sweetener, rejected the study's findings as flawed.",
            "according to a study,",
        ),
        (
            "An Israeli official said Netanyahu had tried several times to reach Biden by phone. The prime "
            "minister's office denied that Netanyahu had tried to reach Biden.",
            "according to an Israeli official,",
        ),
    ],
)
def test_a_common_noun_source_reads_as_english_in_a_question(text: str, source: str) -> None:
    """Never 'according to Study' or 'according to Israeli official'."""
    questions = [q.question for q in brief_of(text).open_questions]
    assert any(source in q for q in questions), questions


def test_the_person_something_happens_to_is_an_actor_even_named_once() -> None:
    """'Peter Marsh was stabbed to death': the victim is one of the story's actors, though named only once."""
    brief = brief_of("Peter Marsh was stabbed to death on Tuesday, police said. Police arrested a man on Wednesday.")
    assert "Peter Marsh" in [a.name for a in brief.actors]


def test_a_question_for_one_kind_of_money_is_not_answered_by_another() -> None:
    """'What's the average teacher salary?' is not answered by a sentence about $2 billion in reserves."""
    reserves = (
        "Teachers rallied at the Statehouse on Tuesday. Union president Ana Ortiz told the teachers that the "
        "legislature should direct money from the state's $2 billion in cash reserves toward schools."
    )
    assert ask(reserves, "What's the average teacher salary in the state?") == NOT_SAID
    paid = reserves + " Teachers in the state earn an average salary of $51,000 a year, the union said."
    assert "$51,000" in ask(paid, "What's the average teacher salary in the state?")


def test_a_speakers_role_before_the_name_is_no_part_of_the_statement() -> None:
    """'The contract is illegal, Vance's lawyer, Lena Brandt, told the court': the statement ends at 'illegal'."""
    brief = brief_of(
        "Mayor Ana Ortiz signed the ferry contract on Monday. The contract is illegal, Vance's lawyer, Lena "
        "Brandt, told the court."
    )
    assert [(c.claimant, c.statement) for c in brief.claims if c.claimant == "Lena Brandt"] == [
        ("Lena Brandt", "The contract is illegal.")
    ]


def test_told_an_audience_with_an_appositive_and_a_date_keeps_what_was_said() -> None:
    """'X told investors of Y, its parent, on Oct. 31 that Z': the claim is Z, not 'X told investors of Y …'."""
    brief = brief_of(
        "Reed, who will chair the merged company, told investors of Harbour Media, the Ferrylink parent, on Oct. 31 "
        "that the merger would allow the company to pay down debt quickly."
    )
    assert [c.statement for c in brief.claims] == ["The merger would allow the company to pay down debt quickly."]


def test_a_long_statement_is_never_clipped_to_a_fragment_without_its_main_clause() -> None:
    """A statement over the length limit is cut at a clause break only where a main clause is left; 'While
    speaking to X and his passengers, Y, 31, of Hope and Z, 57, of …' has none, so it is left out."""
    text = (
        "While speaking to Tomas Berg and his passengers, Dario Vance, 31, of Hope and Lena Brandt, 57, of 3170 "
        "West County Road 600 South, of the harbour district, a Harbour County Sheriff’s Department dog was "
        "requested and later alerted to the odour of narcotics inside the vehicle and the trailer, Lt. Matt "
        "Harris said. A search of the vehicle found 30 grams of methamphetamine, Harris said."
    )
    statements = [c.statement for c in brief_of(text).claims]
    assert not [s for s in statements if s.startswith("While speaking")], statements
