"""What every pass may read besides the document: the profile, its compiled shapes, the limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from .corpus.boilerplate_table import load_table
from .profile import Profile, load_profile
from .shapes import Shapes, compile_shapes


@dataclass(frozen=True, slots=True)
class Options:
    """Run options that reach the passes; picklable, so worker processes get the same ones."""

    profiles: tuple[str, ...] = ()
    max_bytes: int = 10_000_000
    skip: tuple[str, ...] = ()
    #: path of a learned boilerplate table (``clean --learn-boilerplate``), read once per process
    boilerplate: str | None = None
    #: the quote pack to read every document with (``--quote-language``), whatever its language
    quote_language: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    options: Options
    profile: Profile = field(repr=False)
    shapes: Shapes = field(repr=False)
    #: domain -> keys of lines learned as that domain's boilerplate
    learned: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, options: Options | None = None) -> Context:
        options = options or Options()
        profile = load_profile(options.profiles)
        learned = load_table(options.boilerplate) if options.boilerplate else {}
        return cls(options=options, profile=profile, shapes=compile_shapes(profile), learned=learned)
