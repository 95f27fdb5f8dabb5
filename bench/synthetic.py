"""Synthetic documents in the three seed formats, for benchmarks: `python bench/synthetic.py N DIR`.

The generator is seeded, so the same N gives the same files. The documents follow
the seeds' layouts (portal record, search listing, publisher page) with varied
titles, people, venues, DOIs and reference lists drawn from small word pools.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

FAMILIES = ["Adams", "Bellamy", "Chen", "Davidson", "Evans", "Fisher", "Garcia", "Hughes", "Ibrahim", "Jones",
            "Khan", "Lopez", "Murray", "Nguyen", "O'Brien", "Patel", "Quinn", "Rogers", "Slade", "Tse",
            "Usher", "Vargas", "Walker", "Xu", "Young", "Zeng", "de Wet", "van Dijk", "Le Roux", "McNamara"]
SYLLABLES = ["ka", "lo", "mer", "sten", "vi", "dra", "ho", "lin", "qu", "ar", "bel", "tor", "ni", "sa", "wen",
             "gor", "ri", "po", "lem", "ta", "ush", "ve", "zan", "el", "mo", "ber", "cu", "fin", "da", "ro"]
GIVENS = ["Larry", "Chyrell", "Wallis E.", "Mike", "Julie", "Grace", "Samson", "Tanya", "Maria", "Daniel",
          "Anneliese", "Nashwa", "Ashleigh", "Stacey L.", "E. Sally", "Keisha", "Raffaella", "Joanna"]
TOPICS = ["peer support", "peer specialists", "peer navigators", "consumer-providers", "peer mentoring",
          "recovery colleges", "lived experience roles", "peer-led groups", "online peer support"]
OUTCOMES = ["hope", "empowerment", "quality of life", "hospitalisation", "symptom severity", "self-efficacy",
            "stigma", "social inclusion", "employment", "recovery"]
SETTINGS = ["Pennsylvania", "Hong Kong", "Canada", "the United Kingdom", "India", "South Africa", "Australia"]
JOURNALS = ["Community Mental Health Journal", "Psychiatric Services", "Psychiatric Rehabilitation Journal",
            "Administration and Policy in Mental Health and Mental Health Services Research",
            "Journal of Mental Health", "BMC Psychiatry", "World Psychiatry", "Social Science & Medicine"]
DESIGNS = ["a qualitative study", "a randomised controlled trial", "a mixed-methods study",
           "a systematic review", "a cross-sectional survey", "a realist evaluation"]
STRUCTURED = ["Purpose", "Design/methodology/approach", "Findings", "Originality/value"]


class Generator:
    """Draws documents from the pools with one seeded random source."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)

    def pick(self, items: list[str]) -> str:
        """One item of a pool."""
        return self.rng.choice(items)

    def title(self) -> str:
        """A title in the field's manner."""
        return (f"{self.pick(TOPICS).capitalize()} and {self.pick(OUTCOMES)} in {self.pick(SETTINGS)}: "
                f"{self.pick(DESIGNS)} of {self.pick(TOPICS)}")

    def sentence(self) -> str:
        """One abstract sentence."""
        return (f"This is {self.pick(DESIGNS)} of {self.pick(TOPICS)} in {self.pick(SETTINGS)} "
                f"with {self.rng.randint(8, 400)} participants, which found improved {self.pick(OUTCOMES)}.")

    def abstract(self, sentences: int) -> str:
        """An unstructured abstract."""
        return " ".join(self.sentence() for _ in range(sentences))

    def family(self) -> str:
        """A family name: a quarter recur from a small pool (authors who publish often), the rest vary
        as in a real literature, so resolution meets realistic name collisions, not a handful of names."""
        if self.rng.random() < 0.25:
            return self.pick(FAMILIES)
        return "".join(self.pick(SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()

    def people(self, low: int, high: int) -> list[tuple[str, str]]:
        """(family, given) pairs."""
        return [(self.family(), self.pick(GIVENS)) for _ in range(self.rng.randint(low, high))]

    def portal(self, n: int) -> str:
        """A portal record with Chinese labels and related papers."""
        authors = self.people(1, 4)
        lines = [self.title(), "", f"被引:{self.rng.randint(0, 300)}", "|", "作者"]
        lines += [f"{family}, {given} [1 ]" for family, given in authors]
        address = f"[1] {self.pick(FAMILIES)} Univ, Dept Psychiat, Boston, MA 0{self.rng.randint(1000, 9999)} USA"
        lines += ["机构", address,
                  "关键词", "Peer support; Recovery; Mental health; STIGMA; SERVICES;", "D O I",
                  f"10.5555/synth.portal.{n}", "摘要", self.abstract(6), "引用", "收藏",
                  f"页数:{self.rng.randint(5, 20)}", "相关论文", "共 50 条"]
        for k in range(1, self.rng.randint(3, 9) + 1):
            lines.append(f"  • [{k}] {self.title()}")
            lines += [f"    {family}, {given}" for family, given in self.people(1, 6)]
            start = self.rng.randint(1, 900)
            lines.append(f"    {self.pick(JOURNALS).upper()}, {self.rng.randint(2000, 2024)}, "
                         f"{self.rng.randint(1, 60)} (0{self.rng.randint(1, 9)}) : {start} - {start + 9}")
        return "\n".join(lines) + "\n"

    def listing(self, n: int) -> str:
        """A journal search listing with several records, the first titled."""
        parts = [self.title(), ""]
        for _ in range(self.rng.randint(3, 8)):
            start = self.rng.randint(1, 900)
            names = " ◽  \n".join(f"{given} {family}" for family, given in self.people(1, 5))
            volume = f"Vol {self.rng.randint(1, 40)} ({self.rng.randint(1, 6)}) ◽  "
            parts += [f"{self.rng.randint(2005, 2024)} ◽  ", volume,
                      f"pp. {start}-{start + 12} ◽  ", "Author(s):  ", names, ""]
            sections = " ".join(f"{heading} {self.abstract(2)}" for heading in STRUCTURED)
            parts += [sections, "", ""]
        parts += ["Sign in / Sign up", "", "Export Citation Format", "", "Share Document"]
        return "\n".join(parts) + "\n"

    def page(self, n: int) -> str:
        """A publisher page with a numbered APA reference list carrying DOIs."""
        authors = self.people(1, 3)
        lines = ["Advertisement", "", self.title(), ""]
        lines += [f"  • {given} {family}{'Email author' if i == 0 else ''}" for i, (family, given) in
                  enumerate(authors)]
        lines += ["ORIGINAL PAPER", f"  • {self.rng.randint(1, 900)} Downloads", "", "Abstract", "",
                  self.abstract(5), "", "Keywords", "", "Peer\u00a0Peer support\u00a0Recovery\u00a0", "",
                  "References", ""]
        for k in range(1, self.rng.randint(10, 30) + 1):
            cited = ", ".join(f"{family}, {given[0]}." for family, given in self.people(1, 4))
            start = self.rng.randint(1, 900)
            lines.append(f"  {k}. {cited} ({self.rng.randint(1980, 2020)}). {self.title()}. "
                         f"{self.pick(JOURNALS)}, {self.rng.randint(1, 60)}({self.rng.randint(1, 6)}), "
                         f"{start}–{start + 10}.  https://doi.org/10.5555/synth.ref.{n}.{k}.CrossRefGoogle Scholar")
        lines += ["", "Copyright information", "", f"© Synthetic Publisher {self.rng.randint(2000, 2024)}", "",
                  "Authors and Affiliations", "", "  1. 1.Brandon UniversityBrandonCanada", ""]
        return "\n".join(lines) + "\n"


FORMATS = ("portal", "listing", "page")


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write `count` documents, rotating through the three formats; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed)
    paths = []
    for n in range(count):
        fmt = FORMATS[n % len(FORMATS)]
        path = folder / f"{n:06d}_{fmt}.txt"
        path.write_text(getattr(generator, fmt)(n), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
