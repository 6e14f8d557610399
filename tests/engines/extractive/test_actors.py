"""Who the brief lists as actors: people, bodies and groups that act, each once, with roles intact; places,
pronouns, dates, topics and things left out. Every text is invented for the test."""

from __future__ import annotations

from bot.engines.extractive import brief_extractive
from bot.models import Actor, Article


def actors_of(text: str) -> list[Actor]:
    return brief_extractive(Article(source="actors.txt", text=text, word_count=len(text.split()))).brief.actors


def names_of(text: str) -> list[str]:
    return [a.name for a in actors_of(text)]


def test_a_place_where_things_happen_is_not_an_actor_but_a_country_that_speaks_is() -> None:
    text = (
        "Protesters gathered in New Delhi on Monday, police said. In New Delhi, shops stayed shut. "
        "The rally in New Delhi ended at dusk. India said it would hold talks. Police said 40 people were held."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert "New Delhi" not in actors
    assert actors["India"].kind == "government"


def test_a_country_acted_on_again_and_again_is_a_participant() -> None:
    text = (
        "Defence chief Oren Vale accused Norway of stalling the fishing deal. Vale urged Norway to return to the "
        "table. Norway is one of the largest fishing nations. Talks with Norway stalled in May."
    )
    assert "Norway" in names_of(text)


def test_pronouns_contractions_weekdays_and_clause_openers_are_never_actors() -> None:
    text = (
        "On Thursday, Ada Brenn said the port would reopen. You’re going to see changes, Brenn said. "
        "Once Brenn had spoken, You know the rest. Given that many analysts doubted it, Brenn said more. "
        "Moreover, the Harlow Port Authority said the plan was sound."
    )
    found = names_of(text)
    assert not {"You", "You’re", "On Thursday", "Thursday", "Moreover", "Once Brenn"} & set(found)
    assert not any(name.startswith("Given") for name in found)
    assert "Ada Brenn" in found


def test_the_taliban_is_an_actor_not_a_nationality() -> None:
    text = (
        "The Taliban seized the town of Qarim on Sunday, officials said. A Taliban spokesman, Omar Dastan, "
        "said the fighters would stay. The Taliban control the roads now."
    )
    found = names_of(text)
    assert "Taliban" in found
    assert "Omar Dastan" in found


def test_a_body_its_short_form_and_its_initials_are_listed_once() -> None:
    text = (
        "The Estravan Center for Disease Control and Prevention said cases rose. "
        "The Estravan Center for Disease Control also warned of a second wave. "
        "Estravan CDC staff said tests were short, and the Estravan CDC asked for help."
    )
    found = names_of(text)
    assert found.count("Estravan Center for Disease Control and Prevention") == 1
    assert not {"Estravan Center for Disease Control", "Estravan CDC", "Prevention"} & set(found)


def test_an_office_alone_is_its_named_holder_and_a_hyphenated_title_stays_a_title() -> None:
    text = (
        "Prime Minister Alma Torvik said on Friday that the budget would pass. The Prime Minister added that "
        "taxes would not rise. Former Vice-President Rune Hale said the plan would fail. Hale said more."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert "Prime Minister" not in actors
    assert actors["Alma Torvik"].role == "Prime Minister"
    held = "US President Alma Torvik said it. The US President added more. The US President spoke at length."
    assert "US President" not in names_of(held)
    assert "Rune Hale" in actors
    assert actors["Rune Hale"].role is not None and "Vice-President" in actors["Rune Hale"].role


def test_suffixes_keep_a_person_and_a_company_whole() -> None:
    text = (
        "Marcus T. Felden Jr. pleaded guilty on Tuesday, prosecutors said. Felden faces ten years in prison. "
        "Felden's lawyer said he was sorry. Quorvane Co. said its sales fell. Quorvane said it would cut jobs."
    )
    found = names_of(text)
    assert "Marcus T. Felden Jr." in found
    assert "Felden" not in found
    assert "Quorvane Co" in found and "Quorvane" not in found


def test_a_topic_a_titled_product_and_a_law_are_not_actors() -> None:
    text = (
        "Brexit has divided the party, Ellis Marr said. Brexit will be debated again. Supporters of Brexit "
        "rallied. Marr said Starfall 2 runs badly, and Starfall 2 sold well. The Clean Harbours Act passed, "
        "and the Clean Harbours Act said nothing of fines, Marr said. The Zephyr Pro sold out, and the Zephyr "
        "Pro will ship in May."
    )
    found = names_of(text)
    assert not {"Brexit", "Starfall", "Clean Harbours Act", "Supporters of Brexit", "Zephyr Pro"} & set(found)
    assert "Ellis Marr" in found


def test_two_words_joined_by_and_name_one_body() -> None:
    text = (
        "Officials at Vestland Customs and Border Protection said the crossing would close. "
        "A spokesperson for Customs and Border Protection said it was not feasible."
    )
    found = names_of(text)
    assert "Border Protection" not in found and "Customs" not in found
    assert any("Customs and Border Protection" in name for name in found)


def test_an_office_of_a_body_before_a_name_is_its_role() -> None:
    text = (
        "President of the Senate, Abiodun Kale, Senator Tari Ofo and Senator Bisi Lade have sued the police. "
        "Ofo said the suit was filed on Monday. Lade said the court would hear it."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert actors["Abiodun Kale"].role == "President of the Senate"


def test_a_family_name_used_alone_is_the_same_person() -> None:
    text = (
        "Ambassador Liu Weiran said the talks had failed. Liu said the blame lay elsewhere. "
        "Liu added that the embassy would stay open."
    )
    found = names_of(text)
    assert "Liu Weiran" in found and "Liu" not in found


def test_a_leading_place_and_agency_without_a_dash_is_a_dateline() -> None:
    text = (
        "Port Arvel (Wire Business) A muddled view of the talks weighed on markets. "
        "Analyst Jo Penn said traders were nervous. Penn said the index fell."
    )
    assert "Port Arvel" not in names_of(text)


def test_an_age_after_a_name_keeps_the_person_and_a_body_in_a_title_is_listed() -> None:
    text = (
        "Police arrested Tomas K. Reyl 31, of Hope on Monday. Tomas K. Reyl was held without bond. "
        "Velmar State Teachers Association President Ines Corra said teachers would march. Corra said more."
    )
    found = names_of(text)
    assert "Tomas K. Reyl" in found
    assert "Velmar State Teachers Association" in found


def test_a_peoples_body_is_one_name() -> None:
    text = (
        "The People’s Liberation Army could be deployed, envoy Sun Ke said. "
        "The People’s Liberation Army has troops nearby, Sun said."
    )
    found = names_of(text)
    assert "Liberation Army" not in found
    assert "People’s Liberation Army" in found


def test_a_body_named_in_another_word_order_or_by_initials_is_listed_once() -> None:
    text = (
        "The Department of Harbour Safety said the pier was closed. The Harbour Safety Department added that "
        "repairs would take weeks. Officials at Food and Drug Administration said nothing, and the FDA "
        "later said it would look into the pier."
    )
    found = names_of(text)
    assert "Harbour Safety Department" not in found
    assert "Department of Harbour Safety" in found
    assert "FDA" not in found or "Food and Drug Administration" not in found


def test_one_body_named_with_and_but_two_bodies_stay_two() -> None:
    text = (
        "The Food and Drug Administration on Thursday approved the drug, and the United Nations and European "
        "Union welcomed the step. The United Nations said more. The European Union said it agreed."
    )
    found = names_of(text)
    assert "Food and Drug Administration" in found and "Drug Administration" not in found
    assert "United Nations" in found and "European Union" in found
    assert not any(" and " in name for name in found if name != "Food and Drug Administration")


def test_a_group_that_acts_after_a_time_phrase_is_an_actor() -> None:
    text = (
        "KARVEL (AP) — The Taliban on Sunday captured the provincial capital, officials said. "
        "Taliban spokesman Omar Dastan said the fighters held the compound. The deal was signed with the "
        "Taliban in Doha."
    )
    assert "Taliban" in names_of(text)


def test_a_colon_dateline_is_not_an_actor_and_the_country_after_it_acts() -> None:
    text = (
        "PORT ARVEL: Norway on Tuesday summoned the ambassador of Estland to protest against the raid. "
        "Foreign Minister Kari Lunde said the raid was illegal. Norway has recalled its envoy, Lunde said."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert "PORT ARVEL" not in actors and "Port Arvel" not in actors
    assert actors["Norway"].kind == "government"


def test_a_month_that_is_a_surname_stays_and_a_title_before_a_name_is_whole() -> None:
    text = (
        "Former Prime Minister Alda May said on Monday that the budget had failed. May, who left office in "
        "July, said she had warned of it. In May, the deficit grew. Agency Administrator Tom Reed said more."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert actors["Alda May"].role == "Former Prime Minister"
    assert "Alda" not in actors and "May" not in actors
    assert "Tom Reed" in actors


def test_lower_case_words_of_a_title_stay_with_it() -> None:
    text = "The talks failed, said former vice President Rune Hale. Hale said the plan was dead."
    actors = {a.name: a for a in actors_of(text)}
    assert actors["Rune Hale"].role == "former vice President"


def test_a_lawmakers_state_is_not_an_actor_and_an_honorific_marks_a_person() -> None:
    text = (
        "Senator Rolf Ames of Kentucky said the bill would pass. Ms. Varga, the committee chair, said it would "
        "not. Ames said the vote was close."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert "Kentucky" not in actors
    assert actors["Varga"].kind == "person"


def test_a_work_named_in_quotation_marks_is_not_an_actor() -> None:
    text = (
        'Vantor said on Tuesday that "Tides of Amber" drew a record audience. The finale of Tides of Amber was '
        "streamed twice as often, Vantor said. Tides of Amber ends next year. Vantor’s shares rose."
    )
    found = names_of(text)
    assert "Tides of Amber" not in found
    assert "Vantor" in found


def test_a_name_only_ever_opening_sentences_counts_when_it_acts() -> None:
    text = (
        "Quorvane will cut 400 jobs, the union said on Monday. Quorvane announced the cuts after a weak year. "
        "Meanwhile, shares fell. Quorvane has 40 stores left."
    )
    found = names_of(text)
    assert "Quorvane" in found
    assert "Meanwhile" not in found


def test_a_country_and_its_capital_are_one_actor() -> None:
    text = (
        "China on Monday accused Japan of provoking the clash. Beijing said it would respond. China has sent "
        "ships to the islands, and Beijing warned of more. Tokyo rejected the charge."
    )
    found = names_of(text)
    assert "China" in found and "Beijing" not in found


def test_initials_that_spell_a_pronoun_are_still_bodies() -> None:
    text = (
        "The WHO said on Monday that cases had doubled. The WHO warned of a second wave. "
        "The US said it would send aid, and the US has pledged $1 billion."
    )
    found = names_of(text)
    assert "WHO" in found
    assert "US" in found


def test_a_clause_caught_as_a_speaker_and_a_place_met_once_are_not_actors() -> None:
    text = (
        "Vantor Corp on Tuesday reported revenue that beat Wall Street estimates. Revenue grew 50%, compared "
        "with analysts' estimates of 46%, the company said. Vantor Corp said demand was strong."
    )
    found = names_of(text)
    assert "Wall Street" not in found
    assert not any(name.lower().startswith("compared") for name in found)
    assert "Vantor Corp" in found


def test_a_clipped_first_word_names_the_body() -> None:
    text = (
        "The Federal Reserve raised rates on Wednesday. The Fed said inflation was too high. "
        "The Fed will meet again in June, and the Fed expects more rises."
    )
    found = names_of(text)
    assert "Federal Reserve" in found and "Fed" not in found


def test_a_description_built_on_a_listed_name_is_not_listed_again() -> None:
    text = (
        "Harlow United have agreed to sign Tomas Reyl, the Northern League club said on Thursday. The Northern "
        "League fined Harlow United last year. The Vantor administration said Harlow United had paid. "
        "Vantor said more, and the Vantor administration said it agreed."
    )
    found = names_of(text)
    assert "Northern League club" not in found
    assert "Vantor administration" in found


def test_a_described_study_is_no_actor_and_a_titled_person_of_a_body_is_split() -> None:
    text = (
        "A new study by researchers at Northgate University found that walking helps, according to a journal. "
        "Dr. Ji-Won Park of Harlow Medical School, who was not involved, said the results matched earlier work. "
        "Park said more work was needed."
    )
    actors = {a.name: a for a in actors_of(text)}
    assert not any(name.lower().startswith("new study") for name in actors)
    assert actors["Ji-Won Park"].kind == "person"


def test_a_company_named_like_a_gerund_after_an_agency_dateline_is_kept() -> None:
    text = (
        "(Wire) - Vexing Co (VX.N) on Wednesday said it would cut 1,200 jobs. Vexing's shares fell 2%, and many "
        "Vexing workers said they were worried. Getting Larkspur right will be hard, Dana Mey said."
    )
    found = names_of(text)
    assert "Vexing Co" in found
    assert "Wire" not in found and "VX.N" not in found and "Co" not in found


def test_a_committee_after_its_chair_stays_whole_and_a_company_in_a_title_is_a_body() -> None:
    text = (
        "Vantor Inc Chief Executive Rune Hale said he had sold shares. Sen. Ada Brenn, chair of the Senate "
        "Finance Committee, said the sale showed the need for a new tax. Brenn said more, and Hale said Vantor "
        "would grow."
    )
    found = names_of(text)
    assert "Finance Committee" not in found
    assert "Vantor Inc" in found


def test_a_social_media_handle_is_not_an_actor() -> None:
    """A quoted post's '@MaraVell' is how a platform spells an account; the story's actor is Mara Vell."""
    text = (
        "In each race, party leader Tom Okafor tied himself to the outcome.\n\n"
        "“Governor @MaraVell has done a wonderful job for the people of Eastshire!” Okafor tweeted before the "
        "vote. “Mara has my Complete and Total Endorsement. GET OUT and VOTE for your GREAT Governor, @MaraVell!”"
        "\n\nGovernor Mara Vell lost the race on Tuesday. Vell said she would not contest the result."
    )
    names = [actor.name for actor in brief_extractive(Article(source="t.txt", text=text, word_count=60)).brief.actors]
    assert any("Vell" in name for name in names), names
    assert not [name for name in names if "MaraVell" in name], names
