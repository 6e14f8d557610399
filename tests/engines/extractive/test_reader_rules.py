"""Rules found by reading the offline brief of real news it had never seen, each on a text written for the test.

Denials in the speaker's own words and in the passive, pleas, a cut-off teaser, "the company" that is never a
court, conflict questions about what is claimed rather than the claiming, acts that keep their subject, counts
of people that are not speakers, and questions and statements that stop where a second clause begins; a teaser
read once, rebuttals in the speaker's words, and the questions a court, lawsuit or investigation story leaves.
"""

from __future__ import annotations

import json

from bot.engines.extractive import answer_extractive, brief_extractive
from bot.engines.extractive.answer import stem
from bot.engines.extractive.lint import garbled
from bot.engines.extractive.questions import well_formed
from bot.models import Article, Brief


def brief_of(text: str) -> Brief:
    return brief_extractive(Article(source="test.txt", text=text, word_count=len(text.split()))).brief


def denials_of(text: str) -> list[tuple[str, str]]:
    return [(d.denier, d.denied) for d in brief_of(text).denials]


def questions_of(text: str) -> list[str]:
    return [q.question for q in brief_of(text).open_questions]


def test_a_quoted_rejection_with_an_adverb_is_the_speakers_denial() -> None:
    text = (
        "The harbour board faced questions over the land sale on Monday. "
        '"We firmly reject such allegations and fabrications that have no basis in fact," board spokesman '
        "Oskar Lind said on Tuesday."
    )
    assert denials_of(text) == [
        ("Oskar Lind", "We firmly reject such allegations and fabrications that have no basis in fact.")
    ]


def test_a_passive_dismissal_is_credited_to_the_named_office_holder() -> None:
    text = (
        "Reports said the ministry had lobbied for the buyer. The allegations were also dismissed today by the "
        "Director of the Civil Aviation Agency (CAA), Mirela Kos, and by the bank's chairman."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Mirela Kos"]


def test_calling_a_report_rubbish_or_a_lie_in_quotation_is_a_denial() -> None:
    rubbish = (
        "Opposition deputies accused Premier Anton Brel of corruption. "
        '"That is a rubbish report, a corrupt report," Brel said in parliament.'
    )
    lie = (
        "The minister was accused of misusing the fund. Sports Minister Ada Quist said: "
        '"Almost everything in there is a big lie, and some people are just out for me."'
    )
    assert [denier for denier, _ in denials_of(rubbish)] == ["Anton Brel"]
    assert [denier for denier, _ in denials_of(lie)] == ["Ada Quist"]


def test_reports_called_absurd_after_a_long_subject_are_denied_by_the_speaker() -> None:
    text = (
        'Reports of Ruritanian involvement in a hack, which saw party emails leaked online, are "absurd," '
        "government spokesman Petr Holan said on Tuesday."
    )
    assert denials_of(text) == [
        (
            "Petr Holan",
            'Reports of Ruritanian involvement in a hack, which saw party emails leaked online, are "absurd".',
        )
    ]
    assert denials_of("Reports on the economy are improving, Finance Minister Petr Holan said in a speech.") == []


def test_a_plea_of_not_guilty_reads_as_a_plea() -> None:
    text = (
        "The inquiry into the city's contracts widened this year. The mayor of Eastport also pleaded not guilty to "
        "similar charges last week."
    )
    assert denials_of(text) == [
        ("The mayor of Eastport", "The mayor of Eastport pleaded not guilty to similar charges last week.")
    ]


def test_a_teaser_cut_off_after_denied_is_no_denial() -> None:
    text = (
        "The striker will miss the match, the coach said on Monday.\n"
        "Bowler Imran Tahiri of the national side. — AFP/File: All-rounder Imran Tahiri has firmly denied...\n"
    )
    brief = brief_of(text)
    assert brief.denials == []
    assert "denied..." not in brief.summary


def test_the_company_never_points_back_to_a_court() -> None:
    text = (
        "Velder Chemical Co. will appeal a $1.2 billion price-fixing judgment, it said on Friday. "
        "Velder believed the jury's findings should have led to a ruling in its favour under the Supreme Court's "
        "decision in an earlier case. "
        "The company had always denied being involved in price fixing, Velder insisted."
    )
    deniers = [denier for denier, _ in denials_of(text)]
    assert deniers and all("Court" not in denier for denier in deniers)


def test_a_conflict_question_asks_about_the_accusation_not_the_accusing() -> None:
    text = (
        "Opposition leader Rufus Tam accused the ruling party of blatant and gigantic fraud on Sunday. "
        "President Ines Varo dismissed the allegations of fraud, telling reporters the vote was fair."
    )
    questions = questions_of(text)
    assert "Is the accusation of blatant and gigantic fraud against the ruling party true?" in questions
    assert not any("that Rufus Tam accused" in q or "that Tam accused" in q for q in questions)


def test_declaring_an_emergency_keeps_who_declared_it() -> None:
    text = (
        "President Lena Ortiz declared an emergency in the northern province on Monday, ordering federal help to "
        "join the rescue. Fire chief Tomas Reiner said the recovery would be a long one."
    )
    statements = [c.statement for c in brief_of(text).claims]
    assert not any(s.startswith("An emergency") for s in statements)


def test_a_count_of_people_is_not_a_speaker() -> None:
    text = (
        "Twelve people are now confirmed dead in the building collapse, County Mayor Rosa Blanco announced on "
        "Tuesday evening. Rescuers are still searching the site."
    )
    brief = brief_of(text)
    assert [c.claimant for c in brief.claims] == ["Rosa Blanco"]
    assert "Twelve people" not in [a.name for a in brief.actors]


def test_questions_never_carry_an_auxiliary_a_parenthetical_whether_or_a_sighting() -> None:
    text = (
        "Subscribers fell by four million in the quarter, and in the future the company does not plan to share "
        "those figures with the public. The council said that the results, whether a victory for the left or the "
        "right, were final in every district. Soldiers could be seen trying to clear the blocked roads."
    )
    questions = questions_of(text)
    assert not any("does not" in q or "whether a victory" in q or "be seen" in q for q in questions)


def test_a_question_and_a_statement_stop_where_the_second_clause_begins() -> None:
    text = (
        "Local MP Dan Keel will speak to both employers today and hopes to arrange a meeting with the bosses soon. "
        "Captain Ravi Sen said batting will be a major focus of concern ahead of the next series and said they "
        "will have to use the time wisely. Sen regretted the lack of partnerships, and he said the poor batting "
        "was not something he expected to see."
    )
    brief = brief_of(text)
    assert "Will local MP Dan Keel speak to both employers today?" in [q.question for q in brief.open_questions]
    statements = [c.statement for c in brief.claims]
    assert "Batting will be a major focus of concern ahead of the next series." in statements
    assert not any(" and said " in s for s in statements)
    assert not any(garbled(s) for s in statements)


def test_an_ampersand_joins_one_company_name() -> None:
    text = (
        "Pratt & Whitney said on Sunday that its machinists had voted to strike. Spokesman Mark Sullivan said the "
        "company was extremely disappointed by the vote."
    )
    names = [a.name for a in brief_of(text).actors]
    assert "Pratt & Whitney" in names
    assert "Whitney" not in names


def test_an_investigation_under_way_asks_what_it_will_find() -> None:
    opened = (
        "The standards watchdog opened an investigation into the MP's travel claims last month. "
        "Councillor Ada Brink said the claims were legitimate."
    )
    wanted = (
        "Lawmakers asked whether the president pressured the minister into announcing a corruption inquiry into "
        "Tom Vale, his rival. Senator Ada Brink said the hearings would go on."
    )
    done = (
        "An inquiry into the fire found that the cladding was unsafe, the report said. "
        "Mayor Ada Brink said the city would act."
    )
    assert "What will the investigation into the MP's travel claims find?" in questions_of(opened)
    assert not any(q.startswith("What will the investigation") for q in questions_of(wanted) + questions_of(done))


def test_a_denial_that_names_the_accusations_asks_whether_they_are_true() -> None:
    text = "The federation categorically denied the accusations of orgies and misuse of federation money on Thursday."
    assert "Are the accusations of orgies and misuse of federation money true?" in questions_of(text)


def test_disagreeing_refuting_and_zero_evidence_are_denials() -> None:
    text = (
        "Telenor was fined a record sum on Monday. Telenor said it disagrees with the decision of the competition "
        'authority and may appeal. "We disagree that we have violated the Competition Act," chief executive Berit '
        'Svendsen said. "There is zero evidence that the vote was fixed," spokeswoman Mariya Didi said.'
    )
    denials = denials_of(text)
    assert ("Telenor", "Telenor disagrees with the decision of the competition authority and may appeal.") in denials
    assert ("Berit Svendsen", "We disagree that we have violated the Competition Act.") in denials
    assert ("Mariya Didi", "There is zero evidence that the vote was fixed.") in denials


def test_a_pronoun_that_means_the_speaking_body_is_resolved() -> None:
    text = "Ofcom fined Royal Mail on Tuesday. Royal Mail said it was very disappointed by the decision."
    assert [c.statement for c in brief_of(text).claims] == ["Royal Mail was very disappointed by the decision."]


def test_datelines_of_every_shape_are_not_part_of_a_statement() -> None:
    for dateline in ("MEXICO CITY (Reuters) -", "May 10 (UPI) —", "Cheltenham, UK, May 28--"):
        text = f"{dateline}The port was closed after the storm, harbour master Lena Fisk said in a statement."
        brief = brief_of(text)
        assert [c.statement for c in brief.claims] == ["The port was closed after the storm."], dateline
        assert not brief.summary.startswith(dateline.split()[0])


def test_told_reporters_keeps_only_what_was_said() -> None:
    text = (
        "Asylum seekers arrived on Monday. Prime Minister Tom Abel told reporters the latest transfer of asylum "
        "seekers to the island is in line with government policy."
    )
    assert [c.statement for c in brief_of(text).claims] == [
        "The latest transfer of asylum seekers to the island is in line with government policy."
    ]


def test_a_ruling_on_a_petition_and_a_refusal_of_bail_are_not_denials() -> None:
    ruling = (
        "The court ruled on Tuesday. The High Court upheld the appointment of Dora Ode as attorney general, "
        "dismissing a petition that sought to challenge how her predecessor left office."
    )
    refused = "The opposition was angry. Observers said the government denied it a level playing field."
    assert denials_of(ruling) == []
    assert denials_of(refused) == []


def test_the_subject_of_a_long_coordinated_sentence_is_the_speaker() -> None:
    text = (
        "Prime Minister Ravi Anand today congratulated the Congress, Telangana's Kiran Rao and the Hill Front for "
        'their victories and said, "We accept the people\'s mandate with humility."'
    )
    assert [c.claimant for c in brief_of(text).claims] == ["Ravi Anand"]


def test_a_statement_with_no_subject_or_with_a_time_lead_in_reads_well() -> None:
    text = (
        'Police chief Gordon Elm spoke on Friday. "The city is safe," Elm said. No information was released about '
        "the suspect, whom Elm said has been arrested but not charged. Cabinet spokesperson Ruth Lane said in a "
        "statement today that the minister was admitted to hospital on the advice of his doctor."
    )
    statements = [c.statement for c in brief_of(text).claims]
    assert not any(s.startswith(("Has been", "Today that")) for s in statements)
    assert "The minister was admitted to hospital on the advice of his doctor." in statements


def test_rejecting_complaints_of_rigging_is_a_denial() -> None:
    text = (
        "DHAKA (REUTERS) - Prime Minister Sheikh Hasina on Monday rejected opposition complaints of vote rigging "
        "and said people had voted enthusiastically."
    )
    assert [denied for _, denied in denials_of(text)] == ["Opposition complaints of vote rigging."]


def test_a_name_before_a_long_appositive_is_the_speaker() -> None:
    text = (
        "Markets fell on Wednesday. Kevin Gallo, Unite's national officer for IT and communications, said the move "
        "was a devastating blow. Ray Dalton, co-chief investment officer of the world's largest hedge fund, "
        "Bridgeway Associates, said he could not believe the mistakes being made."
    )
    assert [c.claimant for c in brief_of(text).claims] == ["Kevin Gallo", "Ray Dalton"]


def test_an_office_then_its_holder_credits_the_holder() -> None:
    text = "The Minister of Justice, Godfred Dame, said the report must be investigated before anyone acts on it."
    brief = brief_of(text)
    assert [c.claimant for c in brief.claims] == ["Godfred Dame"]
    assert [(a.name, a.role) for a in brief.actors] == [("Godfred Dame", "The Minister of Justice")]


def test_a_judge_who_held_that_and_a_hyphenated_role_before_a_name() -> None:
    held = "The court sat on Friday. The Magistrate, Ojemba Isu held that the court could not grant the bail request."
    hyphen = (
        "Activist-lawyer Prashant Bhushan, who spoke to the media with two former ministers, said that the deal "
        'was a "clear case of criminal misconduct".'
    )
    assert [c.claimant for c in brief_of(held).claims] == ["Ojemba Isu"]
    assert [c.claimant for c in brief_of(hyphen).claims] == ["Prashant Bhushan"]


def test_a_modifier_of_the_role_is_not_part_of_a_name() -> None:
    text = (
        "Senior Congress leader Rahul Gandhi said the government had failed the farmers. Former Minneapolis police "
        "officer Derek Chauvin was sentenced on Friday. The Congress said the government was insensitive to farmers."
    )
    names = [a.name for a in brief_of(text).actors]
    assert "Senior Congress" not in names and "Former Minneapolis" not in names
    assert "Congress" in names


def test_an_announced_appeal_asks_whether_it_will_succeed() -> None:
    text = (
        "Regulators fined Velder Mail £50m on Tuesday. Velder Mail will appeal against the fine imposed by the "
        "regulator last week, its spokesman Tom Reyes said."
    )
    questions = questions_of(text)
    assert "Will the appeal against the fine imposed by the regulator succeed?" in questions
    assert sum("appeal" in q for q in questions) == 1


def test_a_plea_or_a_charge_asks_about_the_verdict_until_there_is_one() -> None:
    plea = (
        "Campaign chairman Paul Mantel pleaded not guilty to bank and tax fraud charges on Thursday. "
        "His lawyer Kevin Dow said the case was weak."
    )
    charged = (
        "Police have charged 71 activists with holding an illegal meeting. The group's leader, Tom Ole, said it "
        "was a private gathering."
    )
    decided = "The jury convicted Tom Hale of fraud. Hale pleaded not guilty to the charges last year."
    assert "Will Paul Mantel be found guilty on the bank and tax fraud charges?" in questions_of(plea)
    assert "Will the charge of holding an illegal meeting against 71 activists stand in court?" in questions_of(charged)
    assert not any("guilty" in q for q in questions_of(decided))


def test_an_election_still_being_counted_asks_who_will_win() -> None:
    counting = (
        "Counting began on Monday in the presidential election between Ruth Amon and Dan Kesi. Information "
        "minister Jon Moyo said the vote was fair."
    )
    won = "Counting began on Monday in the presidential election. Ruth Amon won, the commission said on Tuesday."
    assert "Who will win the presidential election?" in questions_of(counting)
    assert "Who will win the presidential election?" not in questions_of(won)


def test_the_pm_fumed_is_the_prime_minister_denying() -> None:
    text = (
        "Opposition leaders accused Prime Minister Karl Sharma of corruption. "
        '"Somebody has included my name in a report. That is a rubbish report, a corrupt report," the PM fumed.'
    )
    assert [denier for denier, _ in denials_of(text)] == ["Karl Sharma"]


def test_an_outlet_that_relays_a_speaker_does_not_take_his_words() -> None:
    text = (
        'Reports of Ruritanian involvement in the hack are "absurd," government spokesman Petr Holan said, '
        "the Daily Ledger newspaper reported Tuesday."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Petr Holan"]


def test_a_dateline_is_never_the_speaker_and_a_date_is_never_the_statement() -> None:
    text = (
        "OSLO, June 21 (Xinhua) -- Norway's competition authority said Thursday it has imposed a fine of 788 "
        "million kroner on Telenor for abusing its dominant position. Royal Post said on Tuesday, August 14, it "
        "will appeal the regulator's decision to impose a fine."
    )
    claims = [(c.claimant, c.statement) for c in brief_of(text).claims]
    assert not any(claimant.upper() == "OSLO" for claimant, _ in claims)
    assert not any(statement.startswith("August 14") for _, statement in claims)


def test_conceding_defeat_keeps_who_conceded() -> None:
    text = (
        "The court ruled on Sunday. President Abdul Yameen conceded defeat a day after the election but later "
        "brought his case against the winner to the top court."
    )
    assert not any(c.statement.startswith("Defeat") for c in brief_of(text).claims)


def test_no_question_from_the_copula_of_a_what_sentence() -> None:
    text = (
        "Lawyer Gareth Peirce spoke after the meeting. What we have asked the commission to find out is how much "
        "is incompetence, negligence or gross negligence."
    )
    assert not any("find out is" in q for q in questions_of(text))


def test_an_adverb_meets_its_adjective_in_a_follow_up() -> None:
    """ "Was the ruling unanimous?" is answered where the judges "ruled unanimously"; short -ly words stay whole."""
    assert stem("unanimously") == stem("unanimous")
    assert stem("directly") == stem("direct")
    assert [stem(w) for w in ("family", "early", "only", "really")] == ["family", "early", "only", "really"]


def test_a_readers_plain_words_meet_the_reporters() -> None:
    text = (
        "Germany expelled 40 diplomats on Monday. When asked by an American journalist about the expulsions, "
        "Russian ambassador Sergei Nechaev responded that the accusations were one-sided. The embassy was closed "
        "for the day."
    )
    article = Article(source="test.txt", text=text, word_count=len(text.split()))
    answer = answer_extractive(article, "How did the Russian envoy react when a reporter asked him?")
    assert answer.found and "Nechaev responded" in answer.answer
    capital = answer_extractive(article, "What did Moscow's ambassador say about the accusations?")
    assert capital.found and "Nechaev responded" in capital.answer  # Moscow is Russia: a name the article has


def test_no_investigation_question_when_the_article_denies_one_or_only_demands_one() -> None:
    denied = (
        "Information Minister Farid Chaudry on Monday refuted a news report claiming the prime minister has ordered "
        'an inquiry into corruption allegations against three ministers. "There is no probe against any minister," '
        "Chaudry said."
    )
    demanded = (
        "Opposition parties have demanded immediate action against the minister besides a thorough inquiry into "
        "the allegations of money laundering. Minister Rao Sailaja said he had done nothing wrong."
    )
    assert not any(q.startswith("What will the investigation") for q in questions_of(denied) + questions_of(demanded))


def test_pleading_innocence_is_a_denial_and_a_cut_relative_clause_is_no_statement() -> None:
    text = (
        "School Education Minister Rao Sailaja pleaded innocence and maintained that money laundering was too big a "
        "thing for a small person like him. A local surgeon P Hariprasad, who Sailaja said was his junior, was "
        "supposed to take up the venture."
    )
    brief = brief_of(text)
    assert [d.denier for d in brief.denials] == ["Rao Sailaja"]
    assert not any(c.statement.startswith("Was ") for c in brief.claims)


def test_a_denial_stops_before_what_was_done_first() -> None:
    text = (
        "A portal accused two ministers on Thursday. Digital minister Fahmi Fadzil denied the claim after checking "
        "with his officers."
    )
    assert denials_of(text) == [("Fahmi Fadzil", "Fahmi Fadzil denied the claim.")]


def test_a_participle_opener_is_not_the_speaker() -> None:
    text = (
        "A newspaper report published today made the claim. Quoting sources, the report said that three ministers "
        "were involved in corruption after a cabinet meeting."
    )
    brief = brief_of(text)
    assert not any("Quoting" in a.name for a in brief.actors)
    assert not any("Quoting" in c.claimant for c in brief.claims)


def test_a_titled_person_called_by_the_first_name_is_one_person() -> None:
    text = (
        "Digital minister Fahmi Fadzil was named in the report. Yesterday, Fahmi denied the claim. He said his "
        "office would be lodging a police report on the matter."
    )
    brief = brief_of(text)
    assert [a.name for a in brief.actors] == ["Fahmi Fadzil"]
    assert [c.claimant for c in brief.claims] == ["Fahmi Fadzil"]


def test_an_attorney_named_after_the_client_speaks_for_himself() -> None:
    inverted = (
        "Kern was charged on Monday. \"We don't know what the proof is, but as far as I'm concerned my client is "
        "not guilty,\" said Kern's attorney, John Patten."
    )
    placed = (
        "Champion Jermell Carlo was charged on May 18. Carlo's attorney in Dallas, Mike Howard, told ESPN that his "
        "client isn't required to attend the hearing."
    )
    assert denials_of(inverted) == [
        ("John Patten", "We don't know what the proof is, but as far as I'm concerned my client is not guilty.")
    ]
    assert [c.claimant for c in brief_of(placed).claims] == ["Mike Howard"]


def test_innocence_maintained_and_a_denial_cut_before_during() -> None:
    text = (
        "An Atlantic City man was ordered held in jail Monday. Charles Summers, 19, tearfully denied the charges "
        "against him during a detention hearing in the case. Alex Cruz maintains his innocence, his lawyer said."
    )
    denials = denials_of(text)
    assert ("Charles Summers", "The charges against him.") in denials
    assert any(denier == "Alex Cruz" for denier, _ in denials)


def test_a_denial_never_answers_the_claim_of_its_own_lawyers() -> None:
    text = (
        "Three officers were indicted last week. Lawyers for Kern and Cruz said they were told their clients "
        "should surrender Tuesday for arraignment. The district attorney's office refused to comment. Richard Kern "
        "has denied any wrongdoing."
    )
    brief = brief_of(text)
    assert all(d.disputes_claim is None for d in brief.denials)
    assert not any("that they were told" in q.question for q in brief.open_questions)


def test_a_title_of_several_words_stays_whole_and_a_named_facility_is_not_cut() -> None:
    text = (
        "Dara Voss, 41, was charged on Monday with arson at a warehouse, prosecutors said. Chief Assistant "
        "Prosecutor Lena Ortiz told the court that a guard saw Voss leave the building minutes before the fire. "
        "Voss remains held at the Harbor County Justice Facility until a hearing next week."
    )
    actors = {a.name: a.role for a in brief_of(text).actors}
    assert actors["Lena Ortiz"] == "Chief Assistant Prosecutor"
    assert "Facility" not in actors
    assert not any(name.startswith("Assistant") for name in actors)


def test_a_teaser_cut_off_before_the_full_sentence_is_read_once() -> None:
    text = (
        "Veloria has denied claims from a panel of inspectors that accused it of arming border militias…\n\n"
        "Veloria has denied claims from a panel of inspectors that accused it of arming border militias that drove "
        "250,000 people from their homes.\n\nThe panel will report to the assembly next month."
    )
    denials = denials_of(text)
    assert len(denials) == 1
    assert "250,000 people from their homes" in denials[0][1]


def test_a_denial_object_does_not_open_with_the_day() -> None:
    text = (
        "The harbour authority faced questions over its budget this week. The harbour authority denied on Friday "
        "having any problems working with the port inspectors, a spokesman said."
    )
    assert [denied for _, denied in denials_of(text)] == ["Having any problems working with the port inspectors."]


def test_rebuttals_in_the_speakers_own_words() -> None:
    texts = {
        "Davis": '"Where is the proof? They do not have it, because it never happened," lawyer Ian Davis said.',
        "Ruth Bell": 'Mayor Ruth Bell said the accusations "have absolutely no basis in truth."',
        "Ada Lenz": '"I will not resign. I neither copied nor deceived in my thesis," minister Ada Lenz said.',
        "Nora Pike": '"This lawsuit is without merit and we will fight it," union leader Nora Pike said.',
    }
    for denier, text in texts.items():
        assert [name.split()[-1] for name, _ in denials_of(text)] == [denier.split()[-1]], text


def test_a_leader_named_by_country_denies_before_being_named() -> None:
    text = (
        "Norland's president is adamantly denying Veloria's assertions that smuggling gangs control parts of the "
        "border.\n\n“That is false,” Norlandic President Ivo Marek said on Friday."
    )
    brief = brief_of(text)
    assert ("Ivo Marek", "Veloria's assertions that smuggling gangs control parts of the border.") in [
        (d.denier, d.denied) for d in brief.denials
    ]
    assert "Is it true that smuggling gangs control parts of the border?" in [q.question for q in brief.open_questions]


def test_withholding_something_in_the_progressive_is_not_a_denial() -> None:
    text = (
        "Doctors say the agency is denying flu shots to people held in custody. The agency did not respond "
        "to a request for comment on Monday."
    )
    assert denials_of(text) == []


def test_a_denied_clause_becomes_the_question_of_whether_it_is_true() -> None:
    text = (
        "Prime Minister Arlo Venn on Thursday denied his ruling party organised mass rallies against the "
        "opposition leader. Venn also denied any ties between the rallies and his office."
    )
    assert questions_of(text) == [
        "Is it true that Arlo Venn’s ruling party organised mass rallies against the opposition leader?"
    ]


def test_investigations_being_set_up_or_under_way_leave_their_finding_open() -> None:
    hired = (
        "The governor said Tuesday he is hiring a private law firm to help investigate the state lottery board "
        "for what he called illegal contracts."
    )
    office = (
        "Norland's attorney general is investigating allegations surrounding Governor Ida Frost and her husband, "
        "officials said on Monday."
    )
    weekday = "The top prosecutor's office launched an inquiry Tuesday into President Lina Moor over the clashes."
    assert questions_of(hired)[0] == "What will the investigation into the state lottery board find?"
    assert (
        questions_of(office)[0] == "What will the investigation into allegations surrounding Governor Ida Frost find?"
    )
    assert questions_of(weekday)[0] == "What will the investigation into President Lina Moor find?"


def test_no_investigation_question_about_a_pronoun_a_cut_thing_or_a_request() -> None:
    texts = (
        "Deputy Leo Marr denied any knowledge of a probe into him two years ago in Monaco, his office said.",
        "The agency is looking at its inquiry into Polish and French candidates for the board, officials said.",
        "Governor Ida Frost asked Attorney General Tom Reyes, a fellow Democrat, to investigate the matter.",
    )
    for text in texts:
        assert not any(q.startswith("What will the investigation") for q in questions_of(text)), text


def test_a_lawsuit_leaves_open_how_the_court_will_rule() -> None:
    city = (
        "A young Lakeford man filed a lawsuit Wednesday alleging that officers beat him. Filed in U.S. District "
        "Court, the suit against the city of Lakeford and five officers asks for damages of $75,000."
    )
    department = (
        "The complaint was filed in federal court against the Harbor Police Department. The family wants an apology."
    )
    assert "How will the court rule on the suit against the city of Lakeford and five officers?" in questions_of(city)
    assert "How will the court rule on the suit against the Harbor Police Department?" in questions_of(department)


def test_charges_a_plea_and_a_trial_ask_whether_the_accused_will_be_found_guilty() -> None:
    faces = "Mayor Dan Ruiz faces bribery and extortion charges after being caught in a sting operation."
    plea = "Councilman Abel Stone pleaded not guilty Tuesday to more than three dozen federal charges."
    trial = "Former Mayor Karl Ness is returning to court for the start of a corruption trial on Monday."
    assert "Will Mayor Dan Ruiz be found guilty on the bribery and extortion charges?" in questions_of(faces)
    assert "Will Abel Stone be found guilty on more than three dozen federal charges?" in questions_of(plea)
    assert "Will former Mayor Karl Ness be found guilty at the corruption trial?" in questions_of(trial)


def claims_of(text: str) -> list[tuple[str, str]]:
    return [(c.claimant, c.statement) for c in brief_of(text).claims]


def test_the_person_named_after_a_role_or_an_office_speaks() -> None:
    texts = {
        "Pablo Ruiz": "“We cannot see each other as enemies,” said FRN negotiator Pablo Ruiz.",
        "Otto Lind": "“We are committed to these negotiations,” said the government’s chief negotiator, Otto Lind.",
        "Dana Reyes": "The delegations met for the first time on Monday, said Norland’s High Commissioner for Peace, "
        "Dana Reyes.",
    }
    for speaker, text in texts.items():
        assert [claimant for claimant, _ in claims_of(text)] == [speaker], text


def test_a_count_added_is_no_statement_and_said_only_that_is_not_shown() -> None:
    added = "Federal authorities this month added 10 new counts against the former councilman."
    only = "Defence lawyer Ann Haedicke said only that Roberts was looking forward to his day in court."
    brief = brief_of(added)
    assert brief.claims == []
    assert "Federal" not in [a.name for a in brief.actors]
    assert claims_of(only) == [("Ann Haedicke", "Roberts was looking forward to his day in court.")]


def test_denials_in_reported_speech_and_in_a_short_quotation_of_the_verb() -> None:
    never = "Kell Rowe, 24, maintains he has never used performance enhancing or recreational drugs."
    partial = (
        "Harlow Foods and its chairman Ned Vance “unequivocally deny the allegations” reported by the Ledger, "
        "according to a company statement."
    )
    adverbs = (
        '"When I am free of legal restrictions the full story will become clear, but I have never knowingly or '
        'deliberately taken any banned supplements," sprinter Lia Moss said.'
    )
    assert denials_of(never) == [("Kell Rowe", "Kell Rowe has never used performance enhancing or recreational drugs.")]
    assert denials_of(partial) == [("Harlow Foods and Ned Vance", "The allegations reported by the Ledger.")]
    assert [denier for denier, _ in denials_of(adverbs)] == ["Lia Moss"]


def test_disagreeing_a_verdict_called_wrong_and_no_links_are_denials() -> None:
    texts = (
        '"We take note of the board\'s decision, with which we respectfully disagree," Gorman Ltd said on Monday.',
        '"I believe that the verdict is incorrect," boxer Sam Doyle said in a statement on Friday.',
        "Health board chief Ada Muir said there are no links between the infections and the water system.",
        'Drugmaker Velco hit back against what it termed a "seriously flawed" study of its flu medicine.',
    )
    for text in texts:
        assert len(denials_of(text)) == 1, text


def test_saying_you_do_not_know_is_no_denial() -> None:
    text = '"We do not know what caused the fire," fire chief Ray Dunn said on Tuesday.'
    assert denials_of(text) == []


def test_a_denial_object_does_not_stop_at_a_title_abbreviation() -> None:
    text = "Walker Tools denied that it schemed with Ms. Spano to take the trade secrets, its lawyer said."
    assert any("Ms. Spano" in denied for _, denied in denials_of(text))


def test_the_company_is_the_body_named_before_a_persons_possessive() -> None:
    text = (
        "Brandee’s former record label has slapped the singer with a counter-suit over her deal, accusing her of "
        "releasing music without approval. Brandee says the label broke the contract.\n\n"
        "Here’s the latest: Harbor Records responded to Brandee’s lawsuit and counter-sued the singer.\n\n"
        "The company denies all of the allegations of wrongdoing in her lawsuit."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Harbor Records"]


def test_counts_and_prepositions_opening_a_sentence_are_not_speakers() -> None:
    hundreds = "Hundreds have also publicly condemned the board, with a large group at the meeting on Monday."
    within = "Within the lawsuit, the singer accuses the label of promoting a false narrative about him."
    for text in (hundreds, within):
        brief = brief_of(text)
        assert [c.claimant for c in brief.claims] == [], text
        assert not {"Hundreds", "Within"} & {a.name for a in brief.actors}, text


def test_a_contracted_not_guilty_is_a_denial() -> None:
    text = "Mayor Drew Pell says he’s not guilty and is staying in office until the trial."
    assert [denier for denier, _ in denials_of(text)] == ["Drew Pell"]


def test_questions_with_no_subject_a_past_verb_or_a_speaker_tail_are_not_asked() -> None:
    texts = (
        "The talks broke off at 9 p.m. Neither side would say what happened during Thursday's talks.",
        "Crews will continue clean up the shores through the summer, the Coast Guard said.",
        "The court also heard Rush would take the stand, his lawyers said on Monday.",
        "The investigation will substantiate that, the sheriff said on Friday.",
    )
    for text in texts:
        for question in questions_of(text):
            assert not question.startswith(("Will Neither", "Will continue", "Will the court also heard")), question
            assert not question.endswith("said?"), question


def test_a_common_noun_opening_the_sentence_is_lower_case_in_the_question() -> None:
    assert "Will talks resume Tuesday?" in questions_of("Talks will resume Tuesday, the union said.")


def test_lawsuits_filed_in_a_court_or_by_someone_leave_the_ruling_open() -> None:
    filed = "In September, Gate Holding AG filed a lawsuit in U.S. District Court in Denver against Walker Tools."
    by = "The label has responded to a defamation lawsuit filed by Drake earlier today."
    place = "Roberto Lin sued the Los Angeles company and its chief executive in Superior Court last week."
    assert "How will the court rule on the suit against Walker Tools?" in questions_of(filed)
    assert "How will the court rule on Drake’s defamation lawsuit?" in questions_of(by)
    assert not any("Los Angeles?" in q for q in questions_of(place))


def test_an_investigation_question_stops_before_who_and_to() -> None:
    mp = "Labour has launched an investigation into an MP who was allegedly involved in a fracas."
    upgraded = "The regulator upgraded its investigation of the defect to an engineering analysis on Tuesday."
    assert questions_of(mp) == ["What will the investigation into an MP find?"]
    assert questions_of(upgraded) == ["What will the investigation into the defect find?"]


def test_a_sacking_a_no_confidence_vote_a_strike_threat_and_a_fine_leave_their_question() -> None:
    sacked = (
        'Harbury have sacked manager Tom Reese with immediate effect. "We will not be rushed into finding a '
        'successor," the chairman said.'
    )
    named = "Harbury have sacked manager Tom Reese. Assistant Len Oaks was appointed as interim manager."
    confidence = "In a close vote, the council backed a resolution that expresses no confidence in Chief Ray Cole."
    strike = "The nurses union said it intends to strike at 7 a.m. on July 6 if no contract settlement is reached."
    fined = "Canterbury coach Dean Ward has been hit with a $25,000 fine for his criticism of the referees."
    employee = "Roberto Lin was fired a week after he refused to pad the balance sheet, his lawsuit says."
    assert "Who will replace Tom Reese as manager?" in questions_of(sacked)
    assert not any(q.startswith("Who will replace") for q in questions_of(named))
    assert "Will Chief Ray Cole resign or be removed?" in questions_of(confidence)
    assert "Will the strike go ahead?" in questions_of(strike)
    assert "Will Dean Ward appeal the fine?" in questions_of(fined)
    assert not any(q.startswith("Who will replace") for q in questions_of(employee))


def test_a_hard_wrapped_wire_copy_is_read_as_paragraphs_and_quoted_verbatim() -> None:
    lines = [
        "(Adds comments from the deputy administrator)",
        "WASHINGTON Nov 18 The U.S. road safety",
        "regulator on Tuesday said it has asked the airbag",
        "maker Kessler and carmakers to widen their recall.",
        "National Highway Traffic Safety Administration Deputy",
        "Administrator Dana Fried told reporters on Tuesday that",
        'Kessler has so far shown an "unwillingness to move forward"',
        "with a wider recall of the inflators.",
        "Fried said the call to widen the recall followed",
        "a crash in North Carolina, outside of the area",
        "covered by the earlier recall of the air bags.",
    ]
    text = "\n".join(lines) + "\n"
    brief = brief_of(text)
    assert "Dana Fried" in [a.name for a in brief.actors]
    assert "WASHINGTON" not in [a.name for a in brief.actors]
    assert (
        "Dana Fried",
        'Kessler has so far shown an "unwillingness to move forward" with a wider recall of the inflators.',
    ) in [(c.claimant, c.statement) for c in brief.claims]
    assert all(c.quote in text for c in brief.claims)
    answer = answer_extractive(
        Article(source="test.txt", text=text, word_count=len(text.split())), "What did Fried say prompted the call?"
    )
    assert answer.found and all(quote in text for quote in answer.quotes)


def test_paragraphs_set_apart_by_blank_lines_are_never_unwrapped() -> None:
    from bot.engines.extractive.sentences import readable_text

    paragraphs = [f"Short line {i} of a list without a full stop" for i in range(12)]
    text = "\n\n".join(paragraphs)
    assert readable_text(text) == text


def test_a_promise_is_a_statement_and_a_named_appositive_speaks_before_a_capitalised_word() -> None:
    vowed = "Ramos, a former rebel who took office in August, has vowed to bring lasting peace to the country."
    apposed = "The state department deputy spokesperson, Vera Pell, earlier this month said Russia is buying shells."
    owned = "The board voted to remove the books. Since the vote, the board's attorney said the decision was unlawful."
    assert claims_of(vowed) == [("Ramos", "Ramos vowed to bring lasting peace to the country.")]
    assert claims_of(apposed) == [("Vera Pell", "Russia is buying shells.")]
    assert claims_of(owned) == [("The board's attorney", "The decision was unlawful.")]


def test_a_rank_of_several_words_and_a_newspaper_joined_by_and_stay_whole() -> None:
    rank = (
        "The Coast Guard opened new case files on the spill, said Petty Officer First Class Mia Ford, a "
        'spokeswoman. "We are still doing active cleanup operations," Ford said.'
    )
    paper = "The uproar broke after the Globe and Mail reported Thursday that the minister was moved out of the job."
    assert {a.name: a.role for a in brief_of(rank).actors}.get("Mia Ford") == "Petty Officer First Class"
    assert {c.claimant for c in brief_of(rank).claims} == {"Mia Ford"}
    names = [a.name for a in brief_of(paper).actors]
    assert "Globe and Mail" in names and "Mail" not in names


def test_a_claim_relayed_by_an_outlet_after_an_adjunct_is_the_speakers() -> None:
    text = (
        "Environment Minister Mara Pike met the former president on Tuesday. "
        '"Is it about the money?" Ms Pike said in response, Harbour Media reports.'
    )
    assert claims_of(text) == [("Mara Pike", "Is it about the money?")]


def test_a_business_district_is_not_an_actor() -> None:
    text = (
        "Piles of ruined goods and rubbish fill back streets of Lismore's CBD. Shops in the CBD were evacuated at "
        "8.30pm. Piles of ruined goods and rubbish fill back streets of Lismore's CBD."
    )
    assert "CBD" not in [a.name for a in brief_of(text).actors]


def test_a_lawyer_speaks_for_the_client_and_never_as_the_client() -> None:
    owned = "Kell Rowe tested positive. Rowe's lawyer confirmed a report that traces of the drug were found."
    named = "Kell Rowe tested positive. His lawyer, Ann Shear, said he never cheated."
    assert [c.claimant for c in brief_of(owned).claims] == ["Rowe's lawyer"]
    assert denials_of(named) == [("Ann Shear", "He never cheated.")]


def test_a_page_that_sets_every_quotation_mark_as_a_closing_one_pairs_them() -> None:
    text = (
        "Kell Rowe worked with Victor Conte of the lab.\n\nRowe had never heard of the substance and ”immediately "
        "challenged” Conte, who assured him that all supplements he had given him were within the rules, Ann Shear "
        "said."
    )
    statements = [statement for _, statement in claims_of(text)]
    assert "Rowe had never heard of the substance and immediately challenged." not in statements
    assert all(not s.startswith("Him that") for s in statements)


def test_the_speaker_of_a_denial_goes_on_speaking_and_who_issued_a_statement_is_no_statement() -> None:
    text = (
        "Rob Stannel was banned from the championships.\n\n"
        "“I have been notified by the cycling union that it considers that I committed a violation,” he said in a "
        "statement issued by his management.\n\n"
        "“I have never knowingly used a prohibited substance and will ask for my case to go to the tribunal.\n\n"
        "“I look forward to filing my defence and am confident of being cleared.”"
    )
    brief = brief_of(text)
    statements = [c.statement for c in brief.claims]
    assert "Issued by his management." not in statements
    assert "I look forward to filing my defence and am confident of being cleared." in statements
    assert [d.denier for d in brief.denials] == ["Rob Stannel"]


def test_a_plural_body_rejecting_any_suggestion_denies_it() -> None:
    text = (
        '"The integrity unit and the tennis authorities absolutely reject any suggestion that evidence of fixing has '
        'been suppressed," its chief Chris Kerr said.'
    )
    assert [denier for denier, _ in denials_of(text)] == ["Chris Kerr"]


def test_an_ongoing_strike_and_a_closure_leave_their_end_open_and_no_question_says_our() -> None:
    strike = "The lecturers' union had declared an indefinite strike over a dispute with the university's management."
    closed = "LAVON, Texas — An elementary school in Lavon will be closed for the rest of the week after a gas leak."
    reopened = closed + " The school reopened on Monday."
    ours = '"Our exam is going on. Everything we do will continue. Our calendar will not be disrupted," the head said.'
    board = "The board met to decide whether the exam should be scrapped but later said the allegations were false."
    assert "When will the strike end?" in questions_of(strike)
    assert "When will the elementary school reopen?" in questions_of(closed)
    assert not any("reopen" in q for q in questions_of(reopened))
    assert not any("our" in q.lower().split() for q in questions_of(ours))
    assert all(" but later " not in q for q in questions_of(board))


def test_more_ways_news_attributes_a_statement() -> None:
    texts = {
        "John Kerr": "Calling it a “potential purchase”, the security spokesperson, John Kerr, clarified that there "
        "were “no indications that the purchase has been completed”.",
        "Houthis": "The Houthis maintain that their attacks target ships linked to Israel.",
        "Yahya Sarel": "Military spokesman Brigadier General Yahya Sarel in a prerecorded message released Thursday "
        "night said the rebels used a drone boat in the attack.",
        "Matt Bevan": "Kentucky’s Republican governor said Tuesday he is hiring a law firm to look into the "
        "contracts. Gov. Matt Bevan announced the move at a news conference.",
    }
    for speaker, text in texts.items():
        claimants = [claimant for claimant, _ in claims_of(text)]
        assert claimants and claimants[0] == speaker, (text, claimants)
        assert "Republican" not in claimants


def test_speakers_named_after_the_verb_with_a_role_an_office_of_a_body_or_an_age() -> None:
    texts = {
        "Debra Fudge": "“You need to resign tonight so that we can move on,” said councilmember Debra Fudge.",
        "Lee Bourg": "Crews used boats to rescue about 150 people from homes, said Wichita County’s emergency "
        "management coordinator, Lee Bourg.",
        "Gul Jan": "“We are sitting under the scorching sun and need shelter,” said 70-year-old Gul Jan.",
        "Steven Nissel": "Dr. Steven Nissel, lead author of the study, said the failure of the panel to recognize "
        "the risks shows a weakness in the approval process.",
        "Daily Ledger": "The Daily Ledger has fired back in court against actor Ron Rush, maintaining its "
        "articles about his behaviour were true.",
    }
    for speaker, text in texts.items():
        assert [claimant for claimant, _ in claims_of(text)] == [speaker], text


def test_news_about_a_privacy_policy_is_not_page_boilerplate_and_the_company_is_never_a_watchdog() -> None:
    text = (
        "Facebook said on Monday it would appeal a fine. The Spanish data protection authority said that Facebook’s "
        "privacy policy contains “generic and unclear terms” and does not go far enough.\n\n"
        "The company said in response to the fine: “We take note of the decision, with which we respectfully "
        "disagree.”"
    )
    brief = brief_of(text)
    assert any("privacy policy" in c.statement for c in brief.claims)
    assert [d.denier for d in brief.denials] == ["Facebook"]


def test_a_denied_clause_runs_past_a_comma_and_an_office_with_no_name_is_no_actor() -> None:
    text = (
        "The health ministry said the samples were taken to the government Chief Chemist on Monday. The samples "
        "stayed with the Chief Chemist. However, the government has since denied that a woman, who died at the "
        "referral hospital had died of the disease."
    )
    brief = brief_of(text)
    assert [d.denied for d in brief.denials] == ["A woman, who died at the referral hospital had died of the disease."]
    assert "Chemist" not in [a.name for a in brief.actors]


def test_a_lede_set_in_capitals_reads_as_an_ordinary_word() -> None:
    text = (
        "EMERGENCY services have responded to mounting anger over the handling of evacuations during the flood, "
        "saying the warnings were issued as early as possible."
    )
    names = [a.name for a in brief_of(text).actors]
    assert "EMERGENCY services" not in names


def test_calling_accusations_lies_with_a_contraction_is_a_denial() -> None:
    text = (
        "Mayor Bob Flores resigned this week after residents accused him of misusing city funds. "
        '"They\'re lies, just cold lies," Flores said on Tuesday.'
    )
    assert [denier for denier, _ in denials_of(text)] == ["Bob Flores"]


def test_innocence_claimed_and_no_basis_in_facts_are_denials() -> None:
    innocent = '"I am innocent and we proved I am innocent," cyclist Floyd Lander said on Thursday.'
    facts = "Spokesperson Zahid Hafez said in a statement that the claims had no basis in facts."
    assert [denier for denier, _ in denials_of(innocent)] == ["Floyd Lander"]
    assert [denier for denier, _ in denials_of(facts)] == ["Zahid Hafez"]


def test_a_source_named_with_initials_is_read_whole_and_a_filed_complaint_speaks_for_no_court() -> None:
    text = (
        "Harlow Foods and nine other grocers agreed to keep prices high, according to the complaint filed on "
        "Friday in the U.S. District Court in Vermont."
    )
    brief = brief_of(text)
    assert all(".S." not in c.statement and "Court" not in c.claimant for c in brief.claims)
    assert all(garbled(c.statement) is None for c in brief.claims)


def test_a_quotation_after_a_company_suffix_opens_a_new_sentence() -> None:
    text = (
        'The quarter included a $90 million payment from chipmaker Vantor Inc. "This is a big disappointment '
        'for the stock," said Rhea Moss, chief investment officer with Lantern Asset Management.'
    )
    assert claims_of(text) == [("Rhea Moss", "This is a big disappointment for the stock.")]


def test_the_person_named_after_a_firm_and_a_role_speaks_not_the_firm() -> None:
    text = 'The decline was "surprising," said Northstar Research analyst Ali Mogharabi.'
    assert [claimant for claimant, _ in claims_of(text)] == ["Ali Mogharabi"]


def test_a_capitals_place_before_the_first_word_is_a_dateline() -> None:
    text = (
        "NEW ORLEANS A federal jury convicted former Mayor Ray Nagel on 20 of 21 counts on Wednesday.\n\n"
        "Nagel's attorney Robert Jenks said the jury made a mistake and that his client would appeal."
    )
    brief = brief_of(text)
    assert "NEW ORLEANS" not in [a.name for a in brief.actors]
    assert brief.summary.startswith("A federal jury convicted")


def test_a_stock_market_tag_inside_a_name_leaves_the_name_whole() -> None:
    text = (
        "Tevan Pharmaceutical (NYSE:TVN) Industries' finance chief on Sunday said the company has done nothing "
        "wrong. Looking ahead, Cisko (CSKO, Fortune 500) expects revenue to rise between 25% and 28%, the company said."
    )
    names = [a.name for a in brief_of(text).actors]
    assert "Tevan Pharmaceutical Industries" in names
    assert not {"TVN", "Industries", "Fortune"} & set(names)


def test_a_firm_described_by_where_it_is_based_is_the_company_named_before() -> None:
    text = (
        "Cisko Systems Inc. reported quarterly sales on Wednesday that beat expectations. "
        "The San Jose, Calif.-based network equipment maker reported net income of $2.2 billion in the quarter."
    )
    claimants = {claimant for claimant, _ in claims_of(text)}
    assert claimants == {"Cisko Systems Inc"}


def test_a_name_with_a_particle_after_a_role_is_the_speaker() -> None:
    text = (
        '"These are the same lenses that are used at the World Cup," says Yale astronomy department chair '
        "Pieter van Dokkum."
    )
    assert [claimant for claimant, _ in claims_of(text)] == ["Pieter van Dokkum"]


def test_a_body_placed_in_a_region_is_not_the_region() -> None:
    text = (
        "A 5.9 earthquake struck the province of Gansu on Monday. "
        "The government of Dingxi city in Gansu said on a social media account that 14 people remained missing."
    )
    assert [claimant for claimant, _ in claims_of(text)] == ["Dingxi"]


def test_a_nationality_or_an_age_as_speaker_is_the_person_just_named() -> None:
    text = (
        "West Ham have signed midfielder Dimitri Payen from Marseille. Payen joins for a fee of £10 million. "
        "The Frenchman said coach Slaven Bilic had played a key role in luring him to the club."
    )
    brief = brief_of(text)
    assert ("Dimitri Payen", "Coach Slaven Bilic had played a key role in luring him to the club.") in claims_of(text)
    assert "Frenchman" not in [a.name for a in brief.actors]


def test_a_denial_ends_where_a_second_saying_begins() -> None:
    text = (
        "The 22-year-old swimmer Shayla Jackson denied doping and said the positive test was caused by a "
        "contaminated supplement."
    )
    brief = brief_of(text)
    assert [(d.denier, d.denied) for d in brief.denials] == [("Shayla Jackson", "Shayla Jackson denied doping.")]
    assert ("Shayla Jackson", "The positive test was caused by a contaminated supplement.") in claims_of(text)


def test_a_line_the_page_prints_twice_is_summarised_once() -> None:
    line = "The 22-year-old Jackson denied doping and said the positive test was caused by a tainted supplement."
    text = f"{line}\n\nThe agency said an appeal was lodged with the sports court on Monday.\n\n{line}"
    summary = brief_of(text).summary
    assert summary.count("tainted supplement") == 1


def test_an_undisclosed_fee_is_asked_about_without_guessing_whose_it_is() -> None:
    text = (
        "West Ham have signed Dimitri Payen from Marseille. The France international joins the London club for "
        "an undisclosed fee."
    )
    questions = questions_of(text)
    assert "How much was the fee?" in questions
    assert not any("London's" in q for q in questions)


def test_a_sentence_opener_inside_a_question_loses_its_capital() -> None:
    text = (
        "Astronomers found seven faint galaxies near the spiral galaxy M101, the team said. "
        "Further observations will be needed to determine if the galaxies are orbiting M101."
    )
    questions = questions_of(text)
    assert any(q.startswith("Will further observations be needed") for q in questions)


def test_a_word_the_article_writes_in_lower_case_is_lower_case_inside_a_question() -> None:
    text = (
        "The union called off the strike after fresh violence at the port, its leader Mara Quint said. "
        "Fresh talks will be held with the port authority next week."
    )
    assert "Will fresh talks be held with the port authority next week?" in questions_of(text)


def test_a_verdict_spoken_of_only_as_a_condition_leaves_the_guilt_question_open() -> None:
    text = (
        "Former Mayor Karl Ness pleaded not guilty to 12 corruption charges on Monday. "
        '"All defendants are presumed innocent until they are found guilty," prosecutor Dana Moy said.'
    )
    assert "Will Karl Ness be found guilty on 12 corruption charges?" in questions_of(text)


def test_an_appeal_lodged_with_a_named_court_asks_how_it_will_rule() -> None:
    text = (
        "The swimmer's two-year ban for doping will be challenged by the national anti-doping agency. "
        "Agency chief executive Dan Shaw said a statement of appeal was lodged with the Court of Arbitration for "
        "Sport on Monday."
    )
    assert "How will the Court of Arbitration for Sport rule on the appeal?" in questions_of(text)


def test_people_still_missing_after_deaths_ask_whether_the_toll_will_rise() -> None:
    text = (
        "Twin earthquakes killed at least 89 people in the province on Monday. "
        "The city government said on a social media account that 14 people remained missing."
    )
    assert "Will the death toll rise while 14 people remain missing?" in questions_of(text)
    assert "Will the death toll rise" not in " ".join(questions_of("Fourteen climbers remained missing, police said."))


def test_an_infinitive_opening_a_sentence_is_no_speaker() -> None:
    text = (
        "To say that passions ran high would be an understatement, with all but one speaker rejecting the plan. "
        "The council voted 3-2 against the merger, Mayor Greg Clift said."
    )
    assert "To" not in [claimant for claimant, _ in claims_of(text)]


def test_a_national_noun_as_speaker_is_the_person_just_named() -> None:
    text = (
        "Coach Sergio Lobeda watched his side lose to Jamshedpur for the first time this season. "
        "The Spaniard said his team had four days to prepare for the next match."
    )
    brief = brief_of(text)
    assert [claimant for claimant, _ in claims_of(text)] == ["Sergio Lobeda"]
    assert "Spaniard" not in [a.name for a in brief.actors]


def test_a_dateline_with_a_country_and_a_date_is_not_the_story() -> None:
    text = (
        "LUXOR, Egypt, Sept. 13 (Xinhua) -- Archaeologists unearthed a goldsmith's tomb dating to the 16th century "
        "BC, the antiquities ministry said on Saturday."
    )
    brief = brief_of(text)
    assert brief.summary.startswith("Archaeologists unearthed")
    assert not {"LUXOR", "BC"} & {a.name for a in brief.actors}


def test_the_defendant_who_pleads_is_the_person_the_lead_names_as_charged() -> None:
    text = (
        "Police on Wednesday arraigned a man, Tobi Adeyemi, at the Lagos Magistrates Court for the alleged murder "
        "of a trader named Kunle Bello.\n\n"
        "The defendant, who had no counsel, pleaded not guilty to the charges.\n\n"
        "The prosecutor, Ada Obi, told the court the defendant attacked the victim with a stick."
    )
    brief = brief_of(text)
    assert [d.denier for d in brief.denials] == ["Tobi Adeyemi"]
    assert {"Tobi Adeyemi", "Kunle Bello"} <= {a.name for a in brief.actors}


def test_the_defendant_is_no_one_when_two_people_were_charged() -> None:
    text = (
        "Police charged Tobi Adeyemi with theft on Monday. Officers also arrested Kunle Bello at the market. "
        "The defendant pleaded not guilty on Tuesday."
    )
    assert denials_of(text) == []


def test_a_reported_clause_of_no_impropriety_and_a_second_clause_are_a_denial_and_a_claim() -> None:
    text = (
        "The ministry maintains that there were no improper contacts and that the police came to it first to ask "
        "for help with the inquiry."
    )
    brief = brief_of(text)
    assert [(d.denier, d.denied) for d in brief.denials] == [("Ministry", "There were no improper contacts.")]
    assert any(c.statement.startswith("The police came to it first") for c in brief.claims)


def test_a_denial_quoted_inside_a_report_of_a_report_is_the_named_persons() -> None:
    text = (
        "Judoka Lin Mei won her appeal against a doping ban on Monday.\n\n"
        'Lin said she "never attempted to use any kind of banned substance to enhance her performance", '
        "her lawyer said."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Lin Mei"]


def test_allegations_called_manufactured_in_a_quotation_are_a_denial() -> None:
    text = (
        "On Wednesday, Senator Paul Dorn issued a statement about the reports.\n\n"
        '"Any allegations of wrongdoing are manufactured by a politically motivated blog and are false," '
        "Dorn said."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Paul Dorn"]


def test_an_initialism_opening_a_speaker_keeps_its_capitals() -> None:
    text = "U.S. media reported that the FBI searched the offices of a donor to Senator Paul Dorn on Tuesday."
    assert [c.claimant for c in brief_of(text).claims] == ["U.S. media"]


def test_a_denied_clause_with_a_subject_of_two_names_is_asked_whole() -> None:
    text = (
        "On Wednesday, Senator Paul Dorn issued a statement denying allegations that he and Ray Mott had held "
        "parties with lobbyists at the resort."
    )
    questions = questions_of(text)
    assert "Is it true that Paul Dorn?" not in questions
    assert any(q.startswith("Is it true that Paul Dorn and Ray Mott had held parties") for q in questions)


def test_a_players_position_before_the_name_is_a_role() -> None:
    text = "Defender Tomas Reyes said the team was tired after the trip. Striker Ali Khan said he would stay."
    assert [(a.name, a.role) for a in brief_of(text).actors] == [("Tomas Reyes", "Defender"), ("Ali Khan", "Striker")]


def test_a_denial_says_what_is_denied_without_where_or_what_prompted_it() -> None:
    channel = (
        "A lawsuit accuses the drinks maker Fizzco of false labels. However, Fizzco is strongly denying the "
        "allegations in a press release."
    )
    alone = "Critics questioned Fizzco's labels. However, Fizzco is strongly denying the allegations in a release."
    prompted = (
        "Sprinter Ana Ruiz has denied taking banned substances after a German broadcaster reported that she "
        "tested positive for EPO."
    )
    assert denials_of(channel) == [("Fizzco", "A lawsuit accuses the drinks maker Fizzco of false labels.")]
    assert denials_of(prompted) == [("Ana Ruiz", "Ana Ruiz denied taking banned substances.")]
    assert denials_of(alone) == [("Fizzco", "Fizzco denied the allegations.")]


def test_a_fact_the_story_cites_is_not_the_allegation_a_company_denies() -> None:
    text = (
        "A lawsuit filed on Monday says Fizzco's seltzer contains linalool, an insecticide ingredient.\n\n"
        "Linalool is also a common flavoring in foods, according to the National Toxicology Program.\n\n"
        "However, Fizzco is strongly denying the allegations in a press release."
    )
    assert [(d.denier, d.disputes_claim) for d in brief_of(text).denials] == [("Fizzco", None)]


def test_a_report_denied_is_named_by_a_one_word_outlet_without_the() -> None:
    text = (
        "German broadcaster Nordfunk said on Sunday that a sample taken from the runner contained traces of EPO.\n\n"
        "Sprinter Ana Ruiz rejected the allegations in a post on social media."
    )
    assert [d.denied for d in brief_of(text).denials][0].startswith("Nordfunk's claim that a sample")


def test_a_ban_is_faced_and_a_second_clause_is_left_out_of_the_question() -> None:
    text = (
        "Sprinter Ana Ruiz denied doping on Monday. If the finding is confirmed, Ruiz faces a ban of up to four "
        "years and could be stripped of her world title."
    )
    assert "Will Ruiz face a ban of up to four years?" in questions_of(text)


def test_a_phrase_set_before_the_speaker_is_not_the_speaker() -> None:
    text = (
        "Opposition lawmakers passed a resolution on Wednesday. Based on media reports, the lawmakers stated that "
        "several boundary markers on the border were missing."
    )
    assert [(c.claimant, c.statement) for c in brief_of(text).claims] == [
        ("Lawmakers", "Several boundary markers on the border were missing.")
    ]


def test_what_a_lawsuit_claims_is_its_filers_and_a_suit_with_no_filer_speaks_as_the_lawsuit() -> None:
    filed = (
        "A class action lawsuit against Fizzco was filed by Dana Mills on Monday. The lawsuit also alleges that "
        "the drinks contain synthetic chemicals."
    )
    unnamed = "A lawsuit was filed against Fizzco on Monday. The lawsuit alleges that the drinks contain lead."
    assert [c.claimant for c in brief_of(filed).claims] == ["Dana Mills"]
    assert [c.claimant for c in brief_of(unnamed).claims] == ["Lawsuit"]


def test_claims_is_a_verb_of_saying_after_a_subject_but_not_as_a_noun() -> None:
    verb = "A lawsuit was filed against Fizzco on Monday. The lawsuit claims Fizzco misled buyers about its labels."
    noun = "The claims the company made were checked by the regulator on Monday."
    assert [c.claimant for c in brief_of(verb).claims] == ["Lawsuit"]
    assert brief_of(noun).claims == []


def test_an_appositive_of_capitals_after_a_describes_the_name_before_it() -> None:
    text = "Sen. Jeff Kline, a Bronx Democrat, said Tuesday that an ethics agency had opened an inquiry."
    assert [c.claimant for c in brief_of(text).claims] == ["Jeff Kline"]


def test_an_adverb_before_a_speaker_is_never_the_speaker() -> None:
    text = (
        "Others spoke out against the stadium funding at the meeting. Especially one mother who believes the "
        "money can be used to improve school security."
    )
    brief = brief_of(text)
    assert "Especially" not in {a.name for a in brief.actors} | {c.claimant for c in brief.claims}


def test_a_described_person_not_yet_named_is_not_the_place_in_the_description() -> None:
    text = (
        "A powerful New York state senator accused of kissing a former staffer says a state ethics agency has "
        "launched an investigation into the allegation."
    )
    assert "New York" not in {c.claimant for c in brief_of(text).claims}


def test_a_conference_of_lawmakers_is_an_organisation() -> None:
    text = (
        "The Independent Democratic Conference said on Monday it would back the budget. The Independent "
        "Democratic Conference shares power in the Senate."
    )
    assert ("Independent Democratic Conference", "organisation") in {(a.name, a.kind) for a in brief_of(text).actors}


def test_the_party_a_lawsuit_is_against_never_speaks_for_it() -> None:
    text = (
        "A lawsuit against the parent company of LaCroix claims the drinks are not natural. The suit was filed by "
        "Dana Mills Monday. The lawsuit also alleges that the drinks contain synthetic chemicals."
    )
    claims = [(c.claimant, c.statement[:20]) for c in brief_of(text).claims]
    assert claims == [("Lawsuit", "The drinks are not n"), ("Dana Mills", "The drinks contain s")]


def test_a_question_from_a_plea_or_a_denied_allegation_reads_once_through() -> None:
    plea = (
        "Police on Wednesday arraigned a man, Tobi Adeyemi, at the Lagos Magistrates Court for theft. "
        "The defendant, who had no counsel, pleaded not guilty to the charges."
    )
    allegation = (
        "Senator Paul Dorn issued a statement on Wednesday.\n\n"
        '"Any allegations of engaging with lobbyists are manufactured by a politically motivated blog," Dorn said.'
    )
    assert "Will Tobi Adeyemi be found guilty on the charges?" in questions_of(plea)
    assert "Are the allegations of engaging with lobbyists true?" in questions_of(allegation)


def test_a_denial_of_wrongdoing_is_not_a_denial_of_the_facts_reported() -> None:
    text = (
        "The Washington Post reported on Friday that the ministry asked two senators to rebut the stories.\n\n"
        "The ministry maintains that there were no improper communications."
    )
    assert [(d.denied, d.disputes_claim) for d in brief_of(text).denials] == [
        ("There were no improper communications.", None)
    ]


def test_a_denied_report_that_names_its_outlet_is_shown_as_written() -> None:
    text = (
        "Valleywag has reported twice this week that Apple has laid off small groups of workers.\n\n"
        "Apple denied the reports on Friday."
    )
    assert [d.denied for d in brief_of(text).denials] == [
        "Valleywag has reported twice this week that Apple has laid off small groups of workers."
    ]


def test_a_denial_followed_by_and_say_keeps_only_what_is_denied() -> None:
    text = "Police in Hong Kong deny accusations of brutality and say they show utmost restraint."
    assert [d.denied for d in brief_of(text).denials] == ["Police deny accusations of brutality."]


def test_pending_questions_keep_one_clause_and_say_who_decides() -> None:
    text = (
        "The state audit office said it had received a complaint about the tender and was assessing whether to "
        "open a formal investigation.\n\n"
        "Engineer Ray Holt said raising the floor would reduce the risk of damage but that the site would remain "
        "in a flood zone. Construction will begin in the spring and the library is scheduled to reopen in 2026.\n\n"
        "Prosecutors say Greg Tam moved money from the fund. He faces nine counts of wire fraud."
    )
    questions = questions_of(text)
    assert "Will the state audit office open a formal investigation?" in questions
    assert not any(" but that " in q or "library is scheduled" in q or "He faces" in q for q in questions)
    assert "What will come of the nine counts of wire fraud?" in questions


def test_web_page_furniture_inside_the_body_never_reaches_the_brief() -> None:
    furniture = [
        "Written by Amit Kumar | New Delhi | Updated: November 3, 2020.",
        "Also Read: Police said an actor was arrested in an assault case in Kochi.",
        "Image caption: Residents said they were evacuated from the building overnight.",
        "Join our WhatsApp channel, where editors said the latest news is posted first.",
    ]
    text = "\n\n".join(
        [
            furniture[0],
            "Police in Pune arrested a bus driver on Monday after a crash that killed four passengers.",
            furniture[1],
            'Inspector Ravi Patil said the driver "was speeding on a wet road" when the bus overturned.',
            furniture[2],
            furniture[3],
            "The driver's lawyer, Meera Joshi, said her client denied speeding.",
        ]
    )
    brief = brief_of(text)
    shown = " ".join(
        [brief.summary]
        + [c.statement + c.quote for c in brief.claims]
        + [d.denied + d.quote for d in brief.denials]
        + [q.question for q in brief.open_questions]
    )
    assert [line for line in furniture if line[:30] in shown] == []
    assert any(c.claimant == "Ravi Patil" for c in brief.claims)


def test_a_sentence_that_opens_like_a_byline_is_still_news() -> None:
    text = "By Friday, Mayor Ann Cole had resigned, council spokesman Dan Webb said."
    brief = brief_of(text)
    assert brief.summary == text
    assert [c.claimant for c in brief.claims] == ["Dan Webb"]


def test_a_name_after_but_with_a_description_in_commas_is_the_denier() -> None:
    text = "But Terry Joslin, a Labour member of Didcot town council, refuted the claims on Monday."
    assert [denier for denier, _ in denials_of(text)] == ["Terry Joslin"]


def test_denials_in_more_of_the_ways_news_writes_them() -> None:
    malicious = (
        "A viral video linked MP Abdul Rahman to the plot. Rahman labelled the accusation, circulated through a "
        'viral YouTube video, as a "malicious allegation".'
    )
    described = (
        "Qantas chief Alan Joyce described claims by the pilots union that the airline wanted the talks to fail "
        'as "nonsense".'
    )
    knowledge = (
        '"I am here to declare that I have no knowledge or involvement in illegal drug shipments," Manases Carpio said.'
    )
    position = '"We have made it clear that we did not collude with anyone," said Tesco director Lucy Rolfe.'
    assert [denier for denier, _ in denials_of(malicious)] == ["Abdul Rahman"]
    assert [denier for denier, _ in denials_of(described)] == ["Alan Joyce"]
    assert [denier for denier, _ in denials_of(knowledge)] == ["Manases Carpio"]
    assert [denier for denier, _ in denials_of(position)] == ["Lucy Rolfe"]


def test_a_companys_lawyers_speak_for_it_and_a_quotation_that_goes_on_can_deny() -> None:
    text = (
        "Drinks maker Diageo Plc was sued by Sean Combs in May. "
        "“These allegations are unfair,” the company’s attorneys wrote. “Diageo categorically denies these "
        "accusations.”"
    )
    brief = brief_of(text)
    assert [(d.denier, d.denied) for d in brief.denials] == [
        ("Diageo Plc", "Diageo categorically denies these accusations.")
    ]
    assert [c.claimant for c in brief.claims] == ["Diageo Plc"]


def test_calling_it_false_after_a_comma_is_the_sentence_subjects_words() -> None:
    text = (
        "The ministry on Monday asked a judge to dismiss a lawsuit from Sean Combs that accuses it of bias, "
        'calling it "false and reckless".'
    )
    assert [denier for denier, _ in denials_of(text)] == ["Ministry"]


def test_a_body_never_denies_what_it_said_itself_under_a_shorter_name() -> None:
    text = (
        "Police accused Prime Minister Dan Levy of undermining the rule of law, a police spokeswoman said.\n\n"
        "The Israel Police later denied these allegations."
    )
    assert [(d.denied, d.disputes_claim) for d in brief_of(text).denials] == [
        ("Israel Police denied these allegations.", None)
    ]


def test_a_product_recall_is_no_statement_but_recalling_that_is() -> None:
    recall = "Drugmaker Nordpharm recalled a batch of heart drugs on Monday after dark spots were found in tablets."
    memory = "Judge Ana Ruiz recalled that the hearing had lasted nine hours."
    assert brief_of(recall).claims == []
    assert [c.claimant for c in brief_of(memory).claims] == ["Ana Ruiz"]


def test_more_speakers_as_news_names_them() -> None:
    watchdog = (
        "The Office of Fair Trading fined two grocers on Monday. "
        '"At this stage it should not be assumed that the law has been broken," the competition watchdog said.'
    )
    medium = "In an angry statement Newcastle chairman Freddy Shepherd said the striker had cheated on the club."
    quoted = (
        "MP Abdul Rahman was accused of plotting on Monday. "
        '"I was in the country, attending programmes," he was quoted saying by Free Malaysia Today.'
    )
    according = (
        "Mike Ozekhome spoke for the defence on Monday. According to him, the charge is defective and worthless."
    )
    after_clause = (
        "Fizzco Group withdrew a batch of seltzer on Monday. The dark spots might be dried blood from workers "
        "with small wounds, the company said."
    )
    assert [c.claimant for c in brief_of(watchdog).claims] == ["Office of Fair Trading"]
    assert [c.claimant for c in brief_of(medium).claims] == ["Freddy Shepherd"]
    assert [c.claimant for c in brief_of(quoted).claims] == ["Abdul Rahman"]
    assert [c.claimant for c in brief_of(according).claims] == ["Mike Ozekhome"]
    assert [c.claimant for c in brief_of(after_clause).claims] == ["Fizzco Group"]


def test_other_stories_after_a_read_next_line_and_credits_and_notices_stay_out() -> None:
    text = (
        "Audio for this article is not available at this time.\n\n"
        "This translation has been automatically generated and has not been verified for accuracy.\n\n"
        "Police chief Oscar Alba denied on Monday that he took part in a 2013 drug raid.\n\n"
        '"All those officials ganging up on me have ill motives," Alba added. Ella Dion/DMS\n\n'
        "Prosecutor Rita Cruz said the inquiry would continue into next year.\n\n"
        "YOU SHOULD NOT MISS THESE HEADLINES FROM THE DAILY PAPER\n\n"
        "Mayor Urges Telecoms Firm To Cut Data Prices\n\n"
        "Mayor Ken Obi said on Friday the firm must cut its data prices for all subscribers."
    )
    brief = brief_of(text)
    shown = json.dumps(brief.model_dump())
    for line in ("Audio for this", "automatically generated", "Ella Dion", "Mayor Urges", "Ken Obi"):
        assert line not in shown
    assert [c.claimant for c in brief.claims] == ["Oscar Alba", "Rita Cruz"]


def test_a_question_never_ends_on_a_name_cut_from_its_verb_a_teaser_or_the_writers_we() -> None:
    broken = [
        'Is it true, according to Manases Carpio, that he and his brother-in-law "have been crucified," Carpio?',
        "Will the MTN Group make the available top-of-the-range service to its Nigerian subscribers…?",
        "Will the retraction be inappropriate, as we previously reported?",
        "Will their jobs back saying it was unfair for management shut down the factory abruptly?",
        "Will Ogechukwu Okeke be found guilty on the the charges?",
        "What will come of the nine counts of wire fraud that He faces?",
        "Is it known whether to open a formal investigation?",
    ]
    fine = ["Will Carpio testify again?", "Will the workers get their jobs back?", "Will bail be granted?"]
    assert [q for q in broken if well_formed(q) is not None] == []
    assert [q for q in fine if well_formed(q) is None] == []


def test_places_in_a_description_never_speak() -> None:
    near = (
        "Two officers were charged on Monday. The court in Kiambu, near Nairobi, said it would rule on a bail "
        "request for the suspects on March 20."
    )
    director = (
        "Rudy Lacadin testified on Wednesday. The former provincial director of Central Luzon said the chief told "
        'him he only benefitted "a little" from the raid.'
    )
    body = "US auto safety regulatory body said on Friday it opened a probe into the recall of two million cars."
    assert "Nairobi" not in {c.claimant for c in brief_of(near).claims}
    assert "Central Luzon" not in {c.claimant for c in brief_of(director).claims}
    assert [c.claimant for c in brief_of(body).claims] == ["US auto safety regulatory body"]


def test_the_club_and_the_management_are_bodies_named_like_them() -> None:
    club = 'Floriana FC hit back at Valletta FC on Monday. "We furnished all documents to UEFA," the club said.'
    management = (
        "Workers at Simba Apparel EPZ went on strike. Officials of the Tailors and Textile Workers Union met them. "
        "On Sunday, the management said it had decided to shut down the factory."
    )
    unnamed = "Workers went on strike at a garment factory. The management said the factory would close for a week."
    assert [c.claimant for c in brief_of(club).claims] == ["Floriana FC"]
    assert [c.claimant for c in brief_of(management).claims] == ["Simba Apparel EPZ"]
    assert brief_of(unnamed).claims == []


def test_first_person_words_in_a_question_are_kept_but_the_writers_we_is_not() -> None:
    assert well_formed("Is it true, according to Helena Varga, that we acted on every recommendation?") is not None
    assert well_formed("Will the retraction stand, as we previously reported?") is None


def test_a_wire_dash_a_count_and_a_but_clause_never_reach_a_speaker_or_a_denial() -> None:
    wire = (
        "WASHINGTON (AP) _ Major industries are covering up a lack of real progress in pollution control, the "
        "National Wildlife Federation said Thursday."
    )
    count = (
        "Six firefighters received minor injuries -- including one who officials said suffered burns and "
        "continued working -- but no deaths have been reported."
    )
    but = "Park Geun-hye has denied wrongdoing but publicly apologized several times for her ties with Choi."
    assert [c.statement for c in brief_of(wire).claims] == [
        "Major industries are covering up a lack of real progress in pollution control."
    ]
    assert "Six" not in {c.claimant for c in brief_of(count).claims}
    assert denials_of(but) == [("Park Geun-hye", "Park Geun-hye denied wrongdoing.")]


def test_a_count_opening_a_sentence_is_never_an_actor() -> None:
    text = (
        "NAIROBI: Thirteen Kenyan security officials pleaded not guilty to murder on Friday, their attorney Dan "
        "Mwita said. Thirteen Kenyan officers remain in custody."
    )
    assert not [a.name for a in brief_of(text).actors if a.name.startswith("Thirteen")]


def test_a_middle_initial_before_an_irish_surname_keeps_the_name_whole() -> None:
    passive = (
        "The claims were rejected by ALCOA Chairman and Chief Executive Officer Paul H. O’Neill, who appeared at "
        "the news conference."
    )
    said = "The smelter will close in May, said Paul H. O’Neill."
    assert denials_of(passive) == [("Paul H. O’Neill", "Paul H. O’Neill rejected the claims.")]
    assert [c.claimant for c in brief_of(said).claims] == ["Paul H. O’Neill"]


def test_lawyers_of_a_person_deny_for_her_and_never_as_her() -> None:
    text = (
        "Lawyers of South Korea’s former president Park Geun-hye, who has been in custody for more than a month, "
        "have denied the corruption charges which led to her ouster."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Lawyers for Park Geun-hye"]


def test_a_post_nominal_in_parentheses_is_never_the_speaker() -> None:
    text = (
        "The prosecution asked for a trial date. Chief Mike Ozekhome (SAN) objected and urged the court to first "
        "decide the application."
    )
    brief = brief_of(text)
    assert [c.claimant for c in brief.claims] == ["Mike Ozekhome"]
    assert "SAN" not in {a.name for a in brief.actors}
