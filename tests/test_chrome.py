"""The chrome pass: scraper junk inside the body goes, the article and its closing lists stay.

Every dump here is written for the test in the shapes real pages have (no real page is copied):
an article of several prose paragraphs, then or before it the junk a density-based scraper takes along.
"""

from __future__ import annotations

from click.testing import CliRunner

from newsclean.cli import cli
from newsclean.context import Context, Options
from newsclean.passes.chrome import classify, find_chrome, vocab
from newsclean.pipeline import clean_bytes, clean_document

WORDS = vocab(Context.build().profile)

ARTICLE = [
    "The city council voted on Tuesday to close the old harbour bridge to lorries after engineers found "
    "cracks in two of its steel supports, the mayor's office said.",
    "Traffic will be sent along the ring road from next week, and the council expects the repairs to take "
    "at least four months once a contractor has been chosen.",
    "\"We cannot take any risk with a crossing that thousands of people use every day,\" the mayor told "
    "reporters outside the town hall, adding that buses would keep running.",
    "Shop owners on the quay said they were worried about the effect on trade during the summer, when the "
    "harbour is at its busiest and parking is already hard to find.",
    "The bridge was built in 1931 and was last strengthened in the 1980s, when a weight limit was put in "
    "place for the first time.",
]


def dump(*lines: str) -> bytes:
    """A header-less dump: a title line, then one value per line with a blank line between."""
    return "\n\n".join(("Harbour bridge closed to lorries after cracks found", *lines)).encode()


def text_of(*lines: str) -> list[str]:
    return clean_bytes(dump(*lines), "t.txt")["text"].split("\n\n")


def test_glued_navigation_cell_goes() -> None:
    nav = "HomeNewsLocalSportBusinessOpinionLifestyleWeatherClassifiedsJobsMotorsProperty"
    assert classify(nav, WORDS) == "bad"
    assert text_of(nav, *ARTICLE) == ARTICLE
    assert text_of(*ARTICLE, nav) == ARTICLE


def test_menu_with_separators_goes() -> None:
    menu = "Home | Breaking News | Shopping | Archives | Contact Us | About Us | Advertise | Weather"
    assert text_of(*ARTICLE, menu) == ARTICLE


def test_teaser_headline_run_after_the_article_goes() -> None:
    teasers = ["More from the region", "Ferry fares to rise in spring", "Library wins national award",
               "New headteacher for village school", "Storm damage bill tops estimate"]
    assert text_of(*ARTICLE, *teasers) == ARTICLE


def test_share_widget_glued_into_one_line_goes() -> None:
    widget = "Share this:Click to email this to a friendClick to print"
    assert classify(widget, WORDS) == "widget"
    assert text_of(*ARTICLE, widget) == ARTICLE


def test_copyright_footer_goes_but_a_caption_credit_inside_prose_stays() -> None:
    footer = "Copyright 2008 The Example Press. All rights reserved. This material may not be redistributed."
    assert text_of(*ARTICLE, footer) == ARTICLE
    glued = ARTICLE[1] + "(c) Copyright Example Radio 2006 Contact Us"
    assert classify(glued, WORDS) != "bad"  # the paragraph is mostly the article's sentence


def test_comment_thread_after_the_article_goes_with_its_opener() -> None:
    thread = ["Comments (3) | Post a comment",
              "I drive over that bridge every morning and it has been shaking for years, about time.",
              "Posted by: harbourwatcher | March 04 2008 at 08:12 AM",
              "Why does it always take a crack before anyone does anything in this town?",
              "Posted by: quayside_shop | March 04 2008 at 09:40 AM"]
    doc = clean_document(dump(*ARTICLE, *thread), "t.txt")
    assert doc.paragraphs == ARTICLE
    assert {label for _, _, label, _ in doc.dropped} == {"comments"}


def test_comment_count_next_to_the_byline_is_no_thread() -> None:
    """A count at the top of the article opens nothing: the article below it stays."""
    assert text_of("Comments (12)", *ARTICLE)[-1] == ARTICLE[-1]


def test_closing_lists_and_tables_stay() -> None:
    schedule = ["Playoff schedule", "Saturday", "Seattle at Green Bay, 4:30 p.m. (Fox)",
                "Jacksonville at New England, 8 p.m. (CBS)", "Sunday",
                "San Diego at Indianapolis, 1 p.m. (CBS)"]
    assert text_of(*ARTICLE, *schedule) == [*ARTICLE, *schedule]
    results = ["1. Bayliss (Ducati) 1'32.2", "2. Haga (Yamaha) 1'32.6", "3. Biaggi (Suzuki) 1'33.0"]
    assert text_of(*ARTICLE, *results) == [*ARTICLE, *results]
    table = ["Team W L Pct", "Boston 10 2 .833", "Toronto 8 4 .667", "New York 5 7 .417"]
    assert text_of(*ARTICLE, *table) == [*ARTICLE, *table]
    tour = ["Tour dates:", "June 3 - Paris, Olympia", "June 5 - Lyon, Halle Tony Garnier",
            "June 8 - Lille, Zenith"]
    assert text_of(*ARTICLE, *tour) == [*ARTICLE, *tour]
    roster = ["Invited to the camp:", "Tom Rivers (Lakeside College)", "Ana Duarte (Northfield University)",
              "Sam Okafor (Riverside State)"]
    assert text_of(*ARTICLE, *roster) == [*ARTICLE, *roster]


def test_a_list_in_the_middle_stays_and_chrome_after_a_closing_list_goes() -> None:
    items = ["- lorries over 7.5 tonnes", "- coaches and tour buses", "- farm vehicles"]
    middle = [*ARTICLE[:2], "The ban covers:", *items, *ARTICLE[2:]]
    assert text_of(*middle) == middle
    results = ["1. Bayliss (Ducati) 1'32.2", "2. Haga (Yamaha) 1'32.6"]
    nav = "HomeNewsLocalSportBusinessOpinionLifestyleWeatherClassifieds"
    assert text_of(*ARTICLE, *results, nav) == [*ARTICLE, *results]


def test_on_the_net_lead_in_stays() -> None:
    rec = clean_bytes(dump(*ARTICLE, "On the Net:", "http://www.example.gov/bridges"), "t.txt")
    assert rec["text"].split("\n\n")[-1] == "On the Net:"


def test_a_glued_line_loses_only_its_chrome_pieces_and_show_says_which() -> None:
    glued = ARTICLE[3] + "Share this:Click to email this to a friend"
    menu = " | ".join(["Home", "News", "Local", "Sport", "Business", "Opinion", "Lifestyle", "Weather",
                       "Classifieds", "Jobs", "Motors", "Property", "Contact Us", "About Us"])
    lines = [menu, *ARTICLE[:3], glued + "." + ARTICLE[4] + "E-mail this to a friendPrintable version"]
    doc = clean_document(dump(*lines), "t.txt")
    assert doc.paragraphs == ARTICLE
    stats = doc.stats()
    # the menu line goes (the first line of a dump is read as its title, the headline in it chosen);
    # the glued line keeps its article pieces, so only its chrome pieces are dropped, not the line
    assert "chrome" not in stats["removed"]
    assert sum(1 for piece in doc.dropped if piece[2] == "chrome") >= 2
    assert stats["lines_in"] == stats["lines_kept"] + sum(stats["removed"].values())
    result = CliRunner().invoke(cli, ["show", "--plain", "--wide", "-"], input=dump(*lines),
                                env={"COLUMNS": "200"})
    assert "↳ chrome" in result.stdout and "Printable version" in result.stdout
    assert "removed: page chrome in the body" in result.stdout


def test_short_or_unreadable_pages_are_left_alone() -> None:
    assert find_chrome(["One paragraph only, with a sentence in it."], WORDS) == {}
    cjk = ["市议会周二投票决定，在工程师发现两根钢支柱出现裂缝后，禁止卡车通行旧港桥。",
           "交通将从下周起改道环城公路，议会预计维修至少需要四个月。",
           "首页新闻本地体育商业"]
    assert find_chrome(cjk, WORDS) == {} or 0 not in find_chrome(cjk, WORDS)


def test_the_pass_can_be_skipped() -> None:
    menu = " | ".join(["Home", "News", "Local", "Sport", "Business", "Opinion", "Lifestyle", "Weather",
                       "Classifieds", "Jobs", "Motors", "Property", "Contact Us", "About Us"])
    page = ["Harbour bridge closed to lorries", *ARTICLE[:2], menu, *ARTICLE[2:]]
    assert clean_bytes(dump(*page), "t.txt")["text"].split("\n\n") == ARTICLE
    rec = clean_bytes(dump(*page), "t.txt", Options(skip=("chrome",)))
    assert rec["text"].split("\n\n") == page[1:]
