"""The cleaning's shapes seen across real outlets (issue 10), one test per shape, each on lines written
for the test in the shape of real pages (no page of realpages-dev is copied here)."""

from __future__ import annotations

import pytest

from newsclean.context import Context
from newsclean.headline import headline_of, stems
from newsclean.passes.metadata import timestamp_value
from newsclean.pipeline import clean_bytes


def _dump(*lines: str) -> bytes:
    return "\n\n".join(lines).encode() + b"\n"


BODY = ("The council voted on Thursday to close the old harbour bridge to lorries after engineers found "
        "cracks in two of its steel girders, the city's transport office said.")
BODY2 = ("Engineers will inspect the bridge again in March, and repairs could take most of the summer, "
         "according to a report that the council published on its website on Friday.")


@pytest.mark.parametrize(("title", "domain", "expected"), [
    # outlet first, outlet last, outlet and sections, dates, breadcrumbs
    ("icHarbour - Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("Bridge closed to lorries - Local - Northern Gazette", "northerngazette.com",
     "Bridge closed to lorries"),
    ("Gazette.com | 01/07/2008 | Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("TV9 > News > Local > Story > Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("The Gazette : Local : Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("AFP: Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("GazetteOnline.com: Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("Bridge closed to lorries- Transport-News-The Gazette", None, "Bridge closed to lorries"),
    # French spacing before a colon is punctuation, not a separator; a colon kicker stays
    ("Lyon : la Métropole ferme le pont aux camions", None, "Lyon : la Métropole ferme le pont aux camions"),
    ("Bridge: closed to lorries after cracks found", None, "Bridge: closed to lorries after cracks found"),
    # no separator at all
    ("Bridge closed to lorries after cracks found", None, "Bridge closed to lorries after cracks found"),
    # parts joined by underscores, a domain glued after a hyphen, a syndicated story's paper
    ("Bridge closed to lorries after cracks found_English_Xinhua", None,
     "Bridge closed to lorries after cracks found"),
    ("Bridge closed to lorries after cracks found- gazette.com", None,
     "Bridge closed to lorries after cracks found"),
    ("Bridge Closed To Lorries After Cracks Found (from The Harbour Gazette )", None,
     "Bridge Closed To Lorries After Cracks Found"),
    # a chain of colons: the sections and the outlet at either end go, a kicker inside stays
    ("Home of News: Local: Transport: Bridge closed to lorries", None, "Bridge closed to lorries"),
    ("Bridge closed to lorries: News: Local: Gazette24", None, "Bridge closed to lorries"),
    ("The Associated Press: Bridge report: lorries barred after cracks", None,
     "Bridge report: lorries barred after cracks"),
    # a name before a quotation is its speaker: the chain stays whole
    ("Hafen: Bürgermeisterin: „Die Brücke bleibt für Lastwagen gesperrt“", None,
     "Hafen: Bürgermeisterin: „Die Brücke bleibt für Lastwagen gesperrt“"),
])
def test_headline_inside_a_page_title(title: str, domain: str | None, expected: str) -> None:
    ctx = Context.build()
    body = stems(BODY + " lorries bridge closed")
    assert headline_of(title, domain, ctx.profile.agencies, body) == expected


def test_the_title_is_the_headline_not_the_site_and_no_title_line_stays_in_text() -> None:
    rec = clean_bytes(_dump("Harbour Gazette - Bridge closed to lorries after cracks found", BODY, BODY2),
                      "t.txt")
    assert rec["title"] == "Bridge closed to lorries after cracks found"
    assert "Harbour Gazette" not in rec["text"]


def test_a_question_headline_repeated_at_the_top_is_the_title() -> None:
    q = "Why did the council close the harbour bridge?"
    rec = clean_bytes(_dump(q, q, "Harbour Gazette", BODY, BODY2), "q.txt")
    assert rec["title"] == q
    assert q not in rec["text"]


def test_the_visible_headline_at_the_top_of_the_body_is_the_title() -> None:
    rec = clean_bytes(_dump("Cracks close harbour bridge | Harbour Gazette", "Harbour Gazette",
                            "https://img.example.org/bridge.jpg", "Cracks close the harbour bridge",
                            BODY, BODY2), "v.txt")
    assert rec["title"] == "Cracks close the harbour bridge"
    assert not rec["text"].startswith("Cracks")


def test_a_title_naming_only_the_outlet_gives_way_to_the_headline_above_the_story() -> None:
    rec = clean_bytes(_dump("Harbour Gazette", "Home", "Local", "Sport", "Bridge closed to lorries",
                            "By Jane Marsh", BODY, BODY2), "o.txt")
    assert rec["title"] == "Bridge closed to lorries"
    assert rec["authors"] == ["Jane Marsh"]


@pytest.mark.parametrize("title", ["Harbour Gazette", "Local News section front", "The Gazette eCentral",
                                   "Noticias de la región"])
def test_a_section_title_in_any_case_gives_way_to_the_headline(title: str) -> None:
    """A page title naming a section or the outlet, some of its words in lower case (small words of
    any of the profile's languages: `de la`): the headline above the story is the title."""
    rec = clean_bytes(_dump(title, "Bridge closed to lorries", BODY, BODY2), "f.txt")
    assert rec["title"] == "Bridge closed to lorries"


def test_a_site_only_title_is_read_against_the_story_not_the_blurb_above_it() -> None:
    """``HarbourSports.com :: News Article`` over the outlet's blurb (``… news article related …``): the
    blurb shares the title's words, the story does not, so the headline above the story is the title."""
    rec = clean_bytes(_dump("HarbourSports.com :: News Article",
                            "Informative news article related several local sports including Rugby, "
                            "Cricket, Football and Sailing. /",
                            "Harbour bridge closed to lorries", "Tuesday January 8, 2008", BODY, BODY2),
                      "n.txt")
    assert rec["title"] == "Harbour bridge closed to lorries"
    assert "Harbour bridge closed to lorries" not in rec["text"]


def test_a_headline_between_a_site_only_title_and_an_agency_line_is_the_title() -> None:
    rec = clean_bytes(_dump("harbourgazette.com", "The Harbour Gazette is the city's paper since 1901 and "
                            "covers news, sport, business and the arts across the whole county every day.",
                            "Bridge closed to lorries", "United Press International", BODY, BODY2), "s.txt")
    assert rec["title"] == "Bridge closed to lorries"
    assert "Bridge closed to lorries" not in rec["text"]


#: a glued page's top: the headline, then a dateline and the story, all on one line
GLUED_TOP = ("Harbour bridge closed after cracks foundPosted: Wednesday Jan 9, 2008 10:23 PM"
             "HARBOUR CITY (AP) -Council engineers found cracks in two of the steel girders of the old "
             "harbour bridge on Thursday.")


@pytest.mark.parametrize("title", [None, "Northern Gazette"])
def test_a_headline_glued_to_the_top_of_the_body_is_the_title(title: str | None) -> None:
    rec = clean_bytes(_dump(*([title] if title else []), GLUED_TOP + BODY + BODY2), "g.txt")
    assert rec["title"] == "Harbour bridge closed after cracks found"
    assert "cracks found" not in rec["text"]
    assert rec["text"].startswith("HARBOUR CITY (AP) -Council engineers")  # the dateline is a field
    assert rec["published"] == "2008-01-09T22:23:00"


def test_the_headline_among_chrome_glued_above_the_story_is_the_title_not_a_teaser_below_it() -> None:
    """A glued body whose top is chrome, then the headline, then the story, and teasers after it:
    the headline is the piece nearest above the story, not one of the pieces the page ends with."""
    line = ("ON THIS DAYLast Updated: Thursday, 6 March 2025, 17:04 GMTE-mail this to a friendPrintable "
            "versionHarbour bridge closed after cracks foundEngineers found cracks in two of the steel "
            "girders of the old bridge on Monday." + BODY + BODY2 + "Ferry fares rise again in springBus "
            "lanes open on the quay next weekSchool run traffic gets worse")
    rec = clean_bytes(_dump("Northern Gazette", line), "c.txt")
    assert rec["title"] == "Harbour bridge closed after cracks found"
    assert rec["text"].startswith("Engineers found cracks")


@pytest.mark.parametrize("top", [
    "Harbour bridge closed after cracks found — 1/9/2008 10:58 am",  # a byline's time
    "Harbour Rovers 95, Quay Town 79 after cracks found",  # a result
    "Harbour bridge closed after cracks were found on Thursday.",  # a sentence
])
def test_what_only_looks_like_a_headline_at_the_top_of_a_glued_body_is_not_the_title(top: str) -> None:
    glued = GLUED_TOP.replace("Harbour bridge closed after cracks found", top)
    rec = clean_bytes(_dump("Northern Gazette", glued + BODY + BODY2), "n.txt")
    assert rec["title"] == "Northern Gazette"


def test_a_description_the_body_repeats_is_the_lead_and_not_twice_in_the_text() -> None:
    lead = BODY[:90].rsplit(" ", 1)[0] + "…"
    rec = clean_bytes(_dump(" date 2025-03-01 https://gazette.example.org/a", "Bridge closed to lorries",
                            lead, "2025-03-01T10:00:00+00:00", BODY + BODY2), "l.txt")
    assert rec["lead"] == lead
    assert rec["text"].count("The council voted on Thursday") == 1


def test_a_standfirst_the_body_does_not_repeat_stays_first_in_the_text() -> None:
    lead = "Engineers found cracks in two girders of the bridge built in 1931."
    rec = clean_bytes(_dump("Bridge closed to lorries", lead, "2025-03-01T10:00:00+00:00", BODY, BODY2),
                      "s.txt")
    assert rec["lead"] == lead
    assert rec["text"].startswith(lead)


JSONLD = [
    "en-US", "required name=search_term_string", "1 Home", "2 Local", "3 Bridge closed to lorries",
    "False .paywall-content", "Harbour Gazette 600 60", "en-GB Jane Marsh",
    "Jane Marsh is the Gazette's transport reporter and has covered the harbour since 2012.",
    "Bridge closed to lorries &#8211; what happens next", "PT2M10S", "1420",
]


def test_a_json_ld_block_after_the_article_leaves_the_text() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", "Harbour Gazette", "2025-03-01T10:00:00+00:00",
                            "https://img.example.org/bridge.jpg", BODY, BODY2, "transport", "harbour",
                            *JSONLD, "bridge, lorries, harbour, transport"), "j.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]
    assert rec["keywords"] == ["bridge", "lorries", "harbour", "transport"]


def test_a_ranking_stays_in_the_text_on_a_page_with_json_ld() -> None:
    intro = "Three of the town's bridges need work this year; here they are, from the least urgent."
    ranking = [intro, "3 'The Pier Road bridge'", BODY, "2 'The Mill Lane bridge'", BODY2,
               "1 'The harbour bridge'", "It carries more lorries than the other two, the report said."]
    rec = clean_bytes(_dump("Three bridges to watch", "2025-03-01T10:00:00+00:00",
                            "https://img.example.org/b.jpg", *ranking, "en-US",
                            "required name=search_term_string", "1 Home", "2 Three bridges to watch"),
                      "r.txt")
    assert rec["text"].split("\n\n") == ranking


def test_a_long_keywords_line_with_capitals_and_no_spaces_is_keywords() -> None:
    kw = ("Harbour Gazette,harbour,bridge,Port Alder news,transport,lorries,city council,engineering,"
          + ",".join(f"Port Alder {w}" for w in ("sport", "weather", "business", "jobs", "homes", "cars",
                                                  "events", "obituaries", "opinion", "letters", "photos",
                                                  "video", "traffic")))
    assert len(kw) > 300
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, BODY2, kw), "k.txt")
    assert kw not in rec["text"]
    assert "Port Alder news" in rec["keywords"]


def test_a_last_line_of_bare_keywords_is_keywords() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, BODY2,
                            "harbour bridge lorries council engineers girders transport port alder news"),
                      "b.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]


@pytest.mark.parametrize(("line", "iso"), [
    ("Nov. 19, 2019 5:01 a.m. ET", "2019-11-19T05:01:00-05:00"),
    ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22T20:13:00"),
    ("3. März 2024, 14:05 Uhr", "2024-03-03T14:05:00"),
    ("Le 3 mars 2024 à 14h05", "2024-03-03T14:05:00"),
    ("El 5 de mayo de 2024", "2024-05-05"),
    ("Thu, 2008-01-17 15:17", "2008-01-17T15:17:00"),
    ("Thursday, 10, January, 2008, 09:14", "2008-01-10T09:14:00"),
    ("29 December 2007 (16:00)", "2007-12-29T16:00:00"),
])
def test_datelines_in_many_formats_and_languages(line: str, iso: str) -> None:
    ctx = Context.build()
    shape = ctx.shapes.classify(line)
    assert shape is not None and shape[0] == "timestamp"
    assert timestamp_value(shape[1], ctx) == iso


def test_a_labelled_time_takes_the_headers_day_and_leaves_the_text() -> None:
    rec = clean_bytes(_dump(" date 2025-03-01 https://gazette.example.org/b", "Bridge closed to lorries",
                            "Published 9:05 AM ET", "Updated 12:24 PM ET", BODY, BODY2), "u.txt")
    assert rec["published"] == "2025-03-01T09:05:00-05:00"
    assert rec["modified"] == "2025-03-01T12:24:00-05:00"
    assert "12:24" not in rec["text"]


def test_the_pages_own_dateline_wins_over_a_comment_date_below_the_article() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", "March 1, 2025", BODY, BODY2,
                            "Great news for the town at last.", "March 9, 2025 4:12 PM"), "c.txt")
    assert rec["published"] == "2025-03-01"


@pytest.mark.parametrize(("line", "authors"), [
    ("By Jane Marsh", ["Jane Marsh"]),
    ("Jane Marsh | Reuters", ["Jane Marsh"]),
    ("Jane Marsh, Associated Press Writer", ["Jane Marsh"]),
    ("JANE MARSH, Deputy Transport Editor", ["JANE MARSH"]),
    ("By Jane Marsh and Tom Reyes, Reuters", ["Jane Marsh", "Tom Reyes"]),
    ("Reporting by Jane Marsh; Editing by Tom Reyes", ["Jane Marsh"]),
    ("Por María Ortega", ["María Ortega"]),
    # the joiners of other languages: each name is one author
    ("Por María Ortega y Luis Sanz", ["María Ortega", "Luis Sanz"]),
    ("Di Marta Ricci e Paolo Conti", ["Marta Ricci", "Paolo Conti"]),
    ("Von Jana Marsch und Tom Reiter", ["Jana Marsch", "Tom Reiter"]),
    ("Staff writer", ["Staff writer"]),
])
def test_bylines_become_authors_not_text(line: str, authors: list[str]) -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", line, BODY, BODY2), "a.txt")
    assert rec["authors"] == authors
    assert line not in rec["text"]


@pytest.mark.parametrize("line", ["Text Size", "Letters to the Editor", "The Hollywood Reporter",
                                  "World News | Europe"])
def test_lines_that_only_look_like_bylines_name_no_author(line: str) -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, line, BODY2), "n.txt")
    assert rec["authors"] == []


def test_a_tag_run_in_any_case_between_the_heads_dates_and_its_image_is_tags() -> None:
    tags = ["Harbour Authority", "United States Politics and Government", "Marsh, Jane (1971- )", "Acme Inc."]
    rec = clean_bytes(_dump("Bridge closed to lorries", "2025-03-01T10:00:00+00:00", *tags,
                            "https://img.example.org/bridge.jpg", BODY, BODY2), "g.txt")
    assert rec["tags"] == tags
    assert rec["text"].split("\n\n") == [BODY, BODY2]


def test_a_tag_run_of_mixed_case_after_lower_case_tags_is_tags() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", "March 1, 2025", "harbour", "GPT-5 Codex",
                            "bridge safety", "Port Alder Council", BODY, BODY2), "m.txt")
    assert {"harbour", "GPT-5 Codex", "bridge safety", "Port Alder Council"} <= set(rec["tags"])
    assert rec["text"].split("\n\n") == [BODY, BODY2]


def test_an_iso_time_after_the_article_opens_the_json_ld_block() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, BODY2, "Jane Marsh", "PORT ALDER (Gazette)",
                            "2025-03-01T10:00:00.000Z", "2025-03-01T11:30:00.000Z",
                            "A short description of the story that the JSON-LD block repeats.", "0 0",
                            "18153161"), "i.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]


def test_a_keywords_line_with_abbreviations_and_one_repeating_the_description_are_keywords() -> None:
    kw = ("Port Alder, Port Alder news, St. Lucie, B.C. news, harbour, bridges, transport, " * 4).strip(", ")
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, BODY2, kw), "k1.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]
    desc = "Engineers found cracks in two girders of the harbour bridge"
    rec = clean_bytes(_dump("Bridge closed to lorries", desc, BODY, BODY2,
                            "Bridge closed to lorries Engineers found cracks in two girders"), "k2.txt")
    assert "Bridge closed to lorries Engineers" not in rec["text"]


def test_a_description_repeated_as_the_first_paragraph_is_not_twice_in_the_text_without_metadata() -> None:
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, BODY, BODY2), "d1.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]


def test_the_outlets_own_blurb_under_the_title_is_not_the_article() -> None:
    blurb = "Online source for Port Alder news, sport, entertainment, weather, classifieds and more."
    rec = clean_bytes(_dump("Bridge closed to lorries", blurb, BODY, BODY2), "d2.txt")
    assert rec["text"].split("\n\n") == [BODY, BODY2]
    lede = "Marion Jones gave up her medals; now singers face questions over what they took."
    rec = clean_bytes(_dump("Performance enhancers not just for athletes", "Jan 17, 2008", lede, BODY, BODY2),
                      "d3.txt")
    assert rec["text"].startswith(lede)


def test_a_dateline_byline_and_contact_glued_into_the_body_become_fields() -> None:
    glued = ("Thursday, March 6, 2025 3:17 PM ET." + BODY + BODY2 + "jmarsh@gazette.example.org")
    rec = clean_bytes(_dump("Bridge closed to lorries", "By Jane Marsh", glued), "gl.txt")
    assert rec["published"] == "2025-03-06T15:17:00-05:00"
    assert rec["authors"] == ["Jane Marsh"]
    assert "jmarsh@" not in rec["text"] and "15:17" not in rec["text"]
    assert rec["text"].endswith("on its website on Friday.")


def test_an_email_in_the_middle_of_the_article_stays() -> None:
    middle = "Readers who saw the cracks were asked to write to bridges@council.example.org, the office said."
    more = ["Traffic will use the ring road until the work is done, the police say, adding ten minutes.",
            "Shops on the quay said they feared a quiet summer, though the ferry will keep running as usual."]
    rec = clean_bytes(_dump("Bridge closed to lorries", BODY, middle, BODY2, *more), "em.txt")
    assert rec["text"].split("\n\n") == [BODY, middle, BODY2, *more]


def test_every_label_a_pass_gives_is_explained_by_show() -> None:
    from newsclean.pipeline import clean_document
    from newsclean.terminal.show_view import LEGEND

    dumps = [_dump("Bridge closed to lorries", "By Jane Marsh", "March 1, 2025", BODY, BODY2, *JSONLD),
             _dump("Harbour Gazette - Bridge closed", "Online source for Port Alder news and weather.",
                   "Thu, 2025-03-06 15:17.By: Jane Marsh" + BODY + BODY2 + "jmarsh@gazette.example.org")]
    for data in dumps:
        doc = clean_document(data, "x.txt")
        labels = {lab for lab in doc.labels if lab not in (None, "blank")} | {d[2] for d in doc.dropped}
        assert labels <= set(LEGEND), labels - set(LEGEND)
