"""Questions from the kind of event a story leads with: each on a text written for the test, through the engine."""

from __future__ import annotations

from bot.engines.extractive import brief_extractive
from bot.engines.extractive.lint import garbled
from bot.models import Article, Brief


def brief_of(text: str) -> Brief:
    return brief_extractive(Article(source="test.txt", text=text, word_count=len(text.split()))).brief


def questions_of(text: str) -> list[str]:
    questions = [q.question for q in brief_of(text).open_questions]
    assert [q for q in questions if garbled(q, min_words=4, question=True)] == []
    return questions


def test_an_injury_in_the_lead_asks_when_the_player_returns() -> None:
    text = (
        "Defender Tomas Reyes was injured in the first half of Saturday's 2-1 win over Leeds. "
        'Coach Anna Berg said the team would assess him on Monday. "He is a tough lad," Berg said.'
    )
    assert "When will Tomas Reyes return from injury?" in questions_of(text)


def test_an_injury_whose_return_is_reported_asks_nothing() -> None:
    text = (
        "Defender Tomas Reyes was injured in the first half of Saturday's 2-1 win over Leeds. "
        "Coach Anna Berg said Reyes is expected back for the derby next week."
    )
    assert not any("return from injury" in q for q in questions_of(text))


def test_a_trade_deal_not_yet_signed_asks_whether_it_will_be() -> None:
    text = (
        "Markets rose on Tuesday on hopes for a partial trade deal between the two countries. "
        'Commerce Minister Lin Hao said talks were "constructive" and would continue next week.'
    )
    assert "Will the partial trade deal be signed?" in questions_of(text)


def test_a_signed_deal_asks_nothing_of_it() -> None:
    text = (
        "Markets rose on Tuesday after a partial trade deal between the two countries. "
        "The two leaders signed the deal in Geneva, Commerce Minister Lin Hao said."
    )
    assert not any("be signed" in q for q in questions_of(text))


def test_a_bill_in_the_lead_asks_whether_it_will_pass() -> None:
    text = (
        "State senators on Monday introduced a bill that would ban single-use plastic bags in grocery stores. "
        'Senator Maria Ortiz said the measure "is long overdue." Retailers said the cost would fall on shoppers.'
    )
    assert "Will the bill pass?" in questions_of(text)


def test_a_passed_bill_asks_nothing_of_it() -> None:
    text = (
        "State senators on Monday passed a bill that would ban single-use plastic bags in grocery stores. "
        'Senator Maria Ortiz said the measure "is long overdue."'
    )
    assert not any("pass?" in q for q in questions_of(text))


def test_a_launched_campaign_asks_whether_it_works() -> None:
    text = (
        "The health department launched a $300,000 anti-smoking campaign on Monday aimed at teenagers. "
        "Director Paul Kim said the ads would run on radio and social media through June."
    )
    assert "Will the $300,000 anti-smoking campaign work?" in questions_of(text)


def test_an_election_campaign_is_not_a_scheme_that_works_or_not() -> None:
    text = (
        "Senator Ruth Hale launched a new campaign for the presidential nomination on Monday in Ohio. "
        "Hale said she would focus on jobs."
    )
    assert not any(q.endswith("work?") for q in questions_of(text))


def test_cases_of_a_disease_ask_whether_the_outbreak_spreads() -> None:
    text = (
        "Health officials in Dorn province confirmed two new cases of measles on Friday. "
        "Officials said both patients were children who had not been vaccinated."
    )
    assert "Will the measles outbreak spread?" in questions_of(text)


def test_a_contained_outbreak_asks_nothing_of_it() -> None:
    text = (
        "Health officials in Dorn province confirmed two new cases of measles on Friday. "
        "Officials said the outbreak was contained."
    )
    assert not any("spread?" in q for q in questions_of(text))


def test_an_accident_without_a_cause_asks_what_caused_it() -> None:
    text = (
        "A fire that tore through a warehouse in Kettering overnight destroyed stock worth millions. "
        "Fire chief Dan Wells said no one was hurt. Crews remained at the scene on Sunday."
    )
    assert "What caused the fire?" in questions_of(text)


def test_an_accident_with_its_cause_and_a_fire_crew_ask_nothing_of_the_cause() -> None:
    caused = (
        "A fire that tore through a warehouse in Kettering overnight destroyed stock worth millions. "
        "Fire chief Dan Wells said the blaze was caused by faulty wiring."
    )
    crews = "The fire department said on Monday it would hire 20 firefighters. Chief Dan Wells said costs rose."
    assert not any("caused" in q for q in questions_of(caused))
    assert not any("caused" in q for q in questions_of(crews))


def test_a_fall_in_sales_asks_whether_they_recover() -> None:
    text = (
        "New vehicle sales in the region plunged 10 percent last month, dealers said on Tuesday. "
        "Analyst Rita Moss said buyers were waiting for year-end offers."
    )
    assert "Will new vehicle sales in the region recover?" not in questions_of(text)
    assert "Will new vehicle sales recover?" in questions_of(text)


def test_revenue_that_fell_short_is_no_fall_to_recover_from() -> None:
    text = (
        "The retailer reported quarterly earnings that topped estimates as revenue fell short of forecasts. "
        "Chief executive Sam Ortiz said the quarter was strong."
    )
    assert not any("recover?" in q for q in questions_of(text))


def test_a_threat_asks_whether_it_is_carried_out() -> None:
    text = (
        "The Farmers Union threatened to block the main roads into the capital over diesel prices. "
        "Union leader Gary Pham said members were angry. The ministry said talks would resume."
    )
    assert "Will the Farmers Union carry out the threat to block the main roads into the capital?" in questions_of(text)


def test_a_strike_threat_is_asked_about_once() -> None:
    text = (
        "The Transit Workers Union threatened to strike next month over pay. "
        "Union leader Gary Pham said members were angry. The city said talks would resume."
    )
    assert [q for q in questions_of(text) if "strike" in q] == ["Will the strike go ahead?"]


def test_an_event_only_in_a_quotation_asks_nothing() -> None:
    text = (
        'Mayor Ian Cole said on Monday: "A fire could destroy the old mill, so we must act." '
        "The council will vote on repairs next week."
    )
    assert not any("caused" in q for q in questions_of(text))


def test_a_disease_named_at_a_sentence_start_is_asked_about_in_lower_case() -> None:
    text = (
        "Measles cases linked to a theme park rose to 40 on Monday, state officials said. "
        "Officials urged parents to vaccinate their children."
    )
    assert "Will the measles outbreak spread?" in questions_of(text)


def test_a_case_with_the_jury_asks_for_the_verdict_until_there_is_one() -> None:
    pending = (
        "Closing arguments ended on Wednesday in the bribery trial of former councilman Leo Varga. "
        'Prosecutor Ann Wu told jurors Varga "sold his office." Defence lawyer Max Hale said the case was thin.'
    )
    decided = pending + " On Friday the jury found Varga guilty on four counts."
    assert "What verdict will the jury reach?" in questions_of(pending)
    assert "What verdict will the jury reach?" not in questions_of(decided)


def test_next_steps_a_court_story_reports_at_its_end() -> None:
    text = (
        "Police on Wednesday arraigned a man, Tobi Adeyemi, for theft. The defendant pleaded not guilty.\n\n"
        "His lawyer applied for bail on medical grounds. The case was adjourned to April 6."
    )
    questions = questions_of(text)
    assert "Will bail be granted?" in questions
    assert "What will the court decide when the case resumes on April 6?" in questions


def test_granted_bail_asks_nothing_of_it() -> None:
    text = (
        "Police on Wednesday arraigned a man, Tobi Adeyemi, for theft. His lawyer applied for bail, and the "
        "magistrate granted him bail of 50,000 naira."
    )
    assert "Will bail be granted?" not in questions_of(text)


def test_dismissed_workers_and_arbitration_leave_their_outcome_open() -> None:
    sacked = (
        "Workers protested on Monday after about 1,300 of their colleagues were sacked for demanding a union. "
        "Union leader Ada Obi said the company acted unlawfully."
    )
    denied = "Apple on Friday denied reports that it had laid off 50 sales employees, spokesman Tom Neumayr said."
    arbitration = (
        "Qantas and its pilots failed to reach a deal on Monday. Chief executive Alan Joyce said talks had "
        "collapsed. Joyce said arbitration could take months."
    )
    assert "Will the dismissed workers get their jobs back?" in questions_of(sacked)
    assert "Will the dismissed workers get their jobs back?" not in questions_of(denied)
    assert "What will the arbitration decide?" in questions_of(arbitration)


def test_a_rumour_asks_who_is_behind_it_until_the_article_says() -> None:
    rumour = (
        "A town councillor hit out on Monday at allegations made against him online. Rumours began to circulate "
        "that he had been arrested for theft. Councillor Ray Dent said there was no truth in them."
    )
    traced = rumour + " Police said the rumours were traced to a rival's account."
    assert "Who is behind the rumours?" in questions_of(rumour)
    assert "Who is behind the rumours?" not in questions_of(traced)


def test_a_role_of_several_words_before_the_injured_players_name_is_left_out() -> None:
    text = "Wales rugby captain Tomas Reyes was injured in Saturday's win over Leeds, coach Anna Berg said."
    assert "When will Tomas Reyes return from injury?" in questions_of(text)
