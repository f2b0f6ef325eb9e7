"""Glued paragraphs: each shape a scraper leaves when it joins blocks with nothing, and the guards.

The lines are written for these tests in the shapes seen on real pages (realpages-dev); none is
copied from a page.
"""

from __future__ import annotations

import pytest

from newsclean.context import Context
from newsclean.glue import glue_points, split_glued
from newsclean.pipeline import clean_bytes

CTX = Context.build()


@pytest.mark.parametrize(("line", "pieces"), [
    # a stop, then a capital or an opening mark: the seed's shape
    ("Alaudinov said.The Ukrainian forces planned.", ["Alaudinov said.", "The Ukrainian forces planned."]),
    ("in negotiations.In August of last year.", ["in negotiations.", "In August of last year."]),
    ('the minister said."We will not stop," she added.',
     ["the minister said.", '"We will not stop," she added.']),
    ('"We are working."In the capital, lines formed.',
     ['"We are working."', "In the capital, lines formed."]),
    ("sales rose 18%.«Мы довольны», сказал он.", ["sales rose 18%.", "«Мы довольны», сказал он."]),
    ("grew in 2024.The rest fell.", ["grew in 2024.", "The rest fell."]),
    # a dialogue dash opens the next paragraph: "?—", ".—"
    ("Will you sign the deal?—Not this year, the minister replied.",
     ["Will you sign the deal?", "—Not this year, the minister replied."]),
    ("The hall fell silent.—We are leaving, she said.",
     ["The hall fell silent.", "—We are leaving, she said."]),
    # a colon, then a capital: a label glued to the next block
    ("Leave a comment below. Your name:Email address:",
     ["Leave a comment below. Your name:", "Email address:"]),
    ("Example:A planner might lead the rollout across teams.",
     ["Example:", "A planner might lead the rollout across teams."]),
    # a colon glued to an opening mark: the quotation was a block of its own
    ('The minister answered, to loud applause:"We will not stop here."',
     ["The minister answered, to loud applause:", '"We will not stop here."']),
    ("Her reply went this way:“My door stays open.”", ["Her reply went this way:", "“My door stays open.”"]),
    # a stop, then a number: "subscribers.16-inch", a numbered list item
    ("The offer went to subscribers.16-inch models follow in May.",
     ["The offer went to subscribers.", "16-inch models follow in May."]),
    ("It is the one I recommend to most readers.8.Brand Model Two is lighter.",
     ["It is the one I recommend to most readers.", "8.Brand Model Two is lighter."]),
    # closing quote, then an opening one: ”“
    ("“We are ready,” he told the crowd.“The next step is ours.”",
     ["“We are ready,” he told the crowd.", "“The next step is ours.”"]),
    # a stop, then a bracket: ".[", ".("
    ("The vote passed late on Friday.[Editor's note: corrected]",
     ["The vote passed late on Friday.", "[Editor's note: corrected]"]),
    ("Talks resume next week.(Reporting by Ana Ruiz; editing by Tom Bell)",
     ["Talks resume next week.", "(Reporting by Ana Ruiz; editing by Tom Bell)"]),
    # a closing quote after a stop, then a capital: "!”Trump"
    ("“Build it now!”Trump told supporters in Ohio.", ["“Build it now!”", "Trump told supporters in Ohio."]),
    # a closed bracket, then a new block
    ("Dana Miles (Coastal State University)Peter Ortiz (Hill College)",
     ["Dana Miles (Coastal State University)", "Peter Ortiz (Hill College)"]),
    # a quoted headline closed with a single mark, then the next headline
    ("Prices fall 'at a record rate'Giant fossil rodent found in a cave",
     ["Prices fall 'at a record rate'", "Giant fossil rodent found in a cave"]),
    # a subheading in single marks glued after a sentence's end, then its paragraph
    ("The talks ended late.'Mutual respect'Harbour officials welcomed the mayor's visit.",
     ["The talks ended late.", "'Mutual respect'", "Harbour officials welcomed the mayor's visit."]),
    # an ellipsis, then a capital or a date
    ("Star denies the rumours...Local tidbits and gossip",
     ["Star denies the rumours...", "Local tidbits and gossip"]),
    ("Singer cancels tour...01/15/2008 Actor to wed", ["Singer cancels tour...", "01/15/2008 Actor to wed"]),
    # a teaser cut short after a space, the next teaser glued to its ellipsis
    ("I want something to replace …Jane Roe on the new battery rules",
     ["I want something to replace …", "Jane Roe on the new battery rules"]),
    ("Search for more storage terms ...Network news and headlines",
     ["Search for more storage terms ...", "Network news and headlines"]),
    # a web or e-mail address ending a sentence, the next block glued to it
    ("Write to the desk at sports@example.com.Printable version | Send it to a friend",
     ["Write to the desk at sports@example.com.", "Printable version | Send it to a friend"]),
    ("Visit www.example.org.About Example Inc.", ["Visit www.example.org.", "About Example Inc."]),
    # a sentence's last word, a stop, then a paragraph opening with initials
    ("The talks ended in October.U.S. officials say more are planned.",
     ["The talks ended in October.", "U.S. officials say more are planned."]),
    ("He wanted a golfer as a son-in-law.K.J. Lee enjoyed the support on Sunday.",
     ["He wanted a golfer as a son-in-law.", "K.J. Lee enjoyed the support on Sunday."]),
    # a stop, then a copyright line or a bullet
    ("All rights reserved.©2008 The Daily Courier", ["All rights reserved.", "©2008 The Daily Courier"]),
    # CJK: a full stop, then the next paragraph's indent; closing then opening corner quotes
    ("第一段的内容到这里结束了。　　第二段从这里开始。",
     ["第一段的内容到这里结束了。", "第二段从这里开始。"]),
    ("会议在东京举行。 下一段的内容从这里开始。", ["会议在东京举行。", "下一段的内容从这里开始。"]),
    ("他说：「我们会继续。」「下一段开始了。」", ["他说：「我们会继续。」", "「下一段开始了。」"]),
])
def test_glue_shapes(line: str, pieces: list[str]) -> None:
    assert split_glued(line, CTX) == pieces


@pytest.mark.parametrize(("line", "pieces"), [
    # the mark after the stop opens: the closing mark just before says the text since is narration
    ('"We will win," the coach said."It is our year," he added.',
     ['"We will win," the coach said.', '"It is our year," he added.']),
    # the mark after the stop closes: an opening mark follows the narration after it
    ('He said "the chances are good."Rivera saw it differently: "We lost."',
     ['He said "the chances are good."', 'Rivera saw it differently: "We lost."']),
    # a quotation running over paragraphs: the first paragraph does not close, the second reopens
    ('"The first half was slow.\"The second was ours," he said.',
     ['"The first half was slow.', '"The second was ours," he said.']),
    # glued marks alternate back from the nearest unambiguous one
    ('make scrambles."These guys are the best."In the second half they led. "We won," he said.',
     ['make scrambles.', '"These guys are the best."', 'In the second half they led. "We won," he said.']),
    # two apostrophes as a double mark (NYT style)
    ("``Prices will fall.''Separately, the firm said it would cut jobs.",
     ["``Prices will fall.''", "Separately, the firm said it would cut jobs."]),
    # a quotation over three paragraphs, each reopened: parity alone reads the middle mark as
    # closing; the sentence after it speaks in the first person, so the mark opens it
    ('"The pitch was heavy all day.\"I thought the side kept the ball well.\"Next week is harder," he said.',
     ['"The pitch was heavy all day.', '"I thought the side kept the ball well.',
      '"Next week is harder," he said.']),
    ('"The plan is sound.\"Our job now is to fund it.\"It will take years," the mayor said.',
     ['"The plan is sound.', '"Our job now is to fund it.', '"It will take years," the mayor said.']),
    # narration after a closing mark is about someone: parity still decides there
    ('"We are leaving," she said."It is over."Officials in the port said the ferry was late. "No," he said.',
     ['"We are leaving," she said.', '"It is over."',
      'Officials in the port said the ferry was late. "No," he said.']),
])
def test_quote_side(line: str, pieces: list[str]) -> None:
    assert split_glued(line, CTX) == pieces


@pytest.mark.parametrize("line", [
    "Write to DearAbby.com or to www.example.org/Help for advice.",
    "The U.S. Army and Lt. Gen. Smith met at 6 a.m. on Friday.",
    "Prices rose 3.5 percent, e.g. in food, and v2.0 shipped.",
    "Shares of Example Corp (NASDAQ:EXMP) and (MSFT.O:Quote) rose.",
    "Call subprocess.Popen(args) to start it.",
    "He visited the U.K.The trip was short.",
    "Mr.Smith and Dr.Jones met No.1 seed Sen.Brown.",
    "It runs at 10:30 and the address is http://example.com/Path.",
    "Fans of the “Tonight Show”host cheered.",
    "The players' Union meets today.",
    "The U.S. Army said prices rose 3.5 percent.",
    "Lt. Gen. Apti Alaudinov told Sputnik.",
    "Some fish, e.g. cod, were caught at 6 a.m. on Friday.",
    "The novelist J.R. Tolkien and E.M. Forster.",
    "Results are at portalder.gov/DredgeReport for all.",
    "Mr.Smith and Dr.Jones met.",
    # initials after an initial glued to a word, or after a short word: not a sentence's end
    "Trucks may be impoundedB.C.'s minister warns owners",
    "She earned a Ph.D. at the state university.",
    "The ticket and the ... next one",
])
def test_not_glue(line: str) -> None:
    assert glue_points(line, CTX) == []
    assert split_glued(line, CTX) == [line]


def test_camel_case_step_before_prose_in_a_glued_line() -> None:
    """A heading glued to the paragraph after it is cut where the line is glued elsewhere too."""
    line = ("Warm up for ten minutes first.Pre-Workout MealEat 60 to 90 minutes before training so that "
            "the body has fuel ready for the hard session ahead.")
    assert split_glued(line, CTX) == [
        "Warm up for ten minutes first.", "Pre-Workout Meal",
        "Eat 60 to 90 minutes before training so that the body has fuel ready for the hard session ahead.",
    ]


def test_a_heading_ending_on_a_common_word_is_cut_from_its_paragraph() -> None:
    """``in a rowPilates``: after a short word, a whole lower-case word then a capitalised one is a
    heading's end and a paragraph's start; ``a JavaScript``, ``with macOS`` stay (guards below)."""
    line = ("Fitness trends moved fast.Reformer classes are the most booked for a second year in a "
            "rowPilates snags the top spot again, the booking platform said in its yearly report.")
    assert split_glued(line, CTX) == [
        "Fitness trends moved fast.", "Reformer classes are the most booked for a second year in a row",
        "Pilates snags the top spot again, the booking platform said in its yearly report.",
    ]
    brand = ("Laptops got cheaper.It runs on a macOS build that the firm shipped with the new models "
             "in the autumn of that year.")
    assert split_glued(brand, CTX) == ["Laptops got cheaper.", brand[len("Laptops got cheaper."):]]


@pytest.mark.parametrize("line", [
    # brand names: one or two letters, or a short capitalised part, before the capital
    "He bought an iPhone, an eBay voucher and a MacBook.Then he went to "
    "McDonald's for lunch with friends today.",
    # a word after a short lowercase word is inside a sentence
    "The toolkit is a JavaScript program that runs in the browser.It was "
    "found in many ads across the web today.",
    # a run of glued menu items (more than one step in a word) stays whole
    "Top of page.HomeNewsSportWeatherThe council met on Monday to set the "
    "budget for the coming year in full.",
    # a line with no other glue: a one-a-line paragraph keeps its brand names
    "YouTube and PlayStation owners met GlaxoSmithKline staff in the city "
    "to talk about the plans for next year.",
])
def test_camel_case_guards(line: str) -> None:
    assert all(not (line[c - 1].islower() and line[c].isupper()) for c in glue_points(line, CTX))


def test_camel_case_word_the_page_writes_again_is_kept() -> None:
    line = ("Sales rose.The new SilverRock course opened in spring with a long list of members and guests "
            "who played all day.")
    doc = line + "\nSilverRock members"
    assert split_glued(line, CTX, doc) == [
        "Sales rose.",
        "The new SilverRock course opened in spring with a long list of "
        "members and guests who played all day.",
    ]
    doc_other_case = line + "\nSILVERROCK resort"
    assert split_glued(line, CTX, doc_other_case) == split_glued(line, CTX, doc)


def test_the_pass_splits_a_glued_body_line_and_counts_the_splits() -> None:
    dump = ("Headline of the story\n\nThe council voted on Monday.\"It is done,\" the mayor said.Work starts "
            "in May.—Will it last?—Nobody knows.\n").encode()
    rec = clean_bytes(dump, source="t.txt")
    assert rec["text"].split("\n\n") == [
        "The council voted on Monday.", '"It is done," the mayor said.', "Work starts in May.",
        "—Will it last?", "—Nobody knows.",
    ]
    assert rec["stats"]["split"] == 4


@pytest.mark.parametrize(("line", "pieces"), [
    # a clock time before the stop is no dotted word
    ("Thu, 2025-03-06 15:17.The council voted to close the bridge on Thursday.",
     ["Thu, 2025-03-06 15:17.", "The council voted to close the bridge on Thursday."]),
    # a web address ends the sentence; the next block starts with a capital
    ("For more information, please visit http://www.example.org.About Example Inc. It makes bridges.",
     ["For more information, please visit http://www.example.org.", "About Example Inc. It makes bridges."]),
    # an address whose domain runs into the next block's first word
    ("Write to the reporter at jmarsh@gazette.example.comWith additional reporting by Tom Reyes.",
     ["Write to the reporter at jmarsh@gazette.example.com", "With additional reporting by Tom Reyes."]),
    # a number standing alone (a date, a price, a share) runs into a capitalised word
    ("Fares rise.Thursday, March 06, 2025The council voted to close the bridge to lorries.",
     ["Fares rise.", "Thursday, March 06, 2025", "The council voted to close the bridge to lorries."]),
    ("Lamps on sale.Harbour desk lamp $29.99Light the whole room with one warm bulb tonight.",
     ["Lamps on sale.", "Harbour desk lamp $29.99", "Light the whole room with one warm bulb tonight."]),
    # a copyright line glued to the story's last sentence
    ("The bridge reopens in May.© All rights reserved. Do not copy without permission.",
     ["The bridge reopens in May.", "© All rights reserved. Do not copy without permission."]),
    ('"We are glad," she said."(c) Copyright Harbour Gazette 2025',
     ['"We are glad," she said."', "(c) Copyright Harbour Gazette 2025"]),
    # a time with its a.m./p.m. or zone runs into the next block: a dateline, a comment's time
    ("Posted: March 6, 2025 10:23 PMHARBOUR CITY (AP) - The council voted to close the bridge.",
     ["Posted: March 6, 2025 10:23 PM", "HARBOUR CITY (AP) - The council voted to close the bridge."]),
    ("Last Updated: Thursday, 6 March 2025, 17:04 GMTE-mail this to a friend",
     ["Last Updated: Thursday, 6 March 2025, 17:04 GMT", "E-mail this to a friend"]),
    ("Jane Marsh wrote at 07:00p.m.The bridge was shut again on Friday.",
     ["Jane Marsh wrote at 07:00p.m.", "The bridge was shut again on Friday."]),
])
def test_addresses_and_times_glued_to_the_next_block(line: str, pieces: list[str]) -> None:
    assert split_glued(line, CTX) == pieces


@pytest.mark.parametrize("line", ["Contact DearAbby.com or write to the U.S. offices in St. Louis.",
                                  "Version 2.0.Beta builds are out", "He wrote to a@b.org.uk about it.",
                                  "The vote is at 12:30 PMS and harbour staff will attend."])
def test_addresses_inside_a_sentence_stay_whole(line: str) -> None:
    assert split_glued(line, CTX) == [line]


def test_a_unit_or_a_name_after_a_number_is_no_glue() -> None:
    """A glued line's numbers run into units (``85Mbps``) and names (``8BitDo``, ``DAV4Pro``) too."""
    line = "Links ran at 85Mbps in the lab.The 8BitDo pad and the DAV4Pro were tested at home."
    assert split_glued(line, CTX) == ["Links ran at 85Mbps in the lab.",
                                      "The 8BitDo pad and the DAV4Pro were tested at home."]


def test_a_profile_file_adds_speaker_words(tmp_path) -> None:
    """The first-person words are data: a profile for another language adds its own (Polish `ja`,
    `nasz`), and a glued straight mark before a sentence holding one opens it."""
    from newsclean.context import Options

    line = '"Mecz był trudny.\"Ja jestem zadowolony.\"Nasz zespół grał dobrze," powiedział trener.'
    # without them, parity alone decides: the middle mark closes the first paragraph's quotation
    assert split_glued(line, CTX) == ['"Mecz był trudny."', "Ja jestem zadowolony.",
                                      '"Nasz zespół grał dobrze," powiedział trener.']
    profile = tmp_path / "pl.json"
    profile.write_text('{"speaker_words": ["ja", "nasz"]}', encoding="utf-8")
    ctx = Context.build(Options(profiles=(str(profile),)))
    assert split_glued(line, ctx) == ['"Mecz był trudny.', '"Ja jestem zadowolony.',
                                      '"Nasz zespół grał dobrze," powiedział trener.']
