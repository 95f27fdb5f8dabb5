"""How the extractor reads the common forms of the qualifiers of a result: denials, hedges, no difference, mixed and
unfavourable results, each written as a one-sentence Results section, with the reading the annotation rules
(tests/annotations/README.md) give it. The sentences were written for this probe, not taken from any annotated file,
so the counts say how well the rules cover each form, not how they read a corpus.

Usage: python bench/qualifier_forms.py [--misses]
Prints, per kind, how many forms are read exactly as expected; with --misses also each form read otherwise.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.findings_support import found, study  # noqa: E402

# (kind, sentence, expected findings as "outcome Direction; ..." or "" for none)
FORMS: tuple[tuple[str, str, str], ...] = (
    ("denial", "The intervention did not have a significant effect on reducing depression.",
     "symptom-severity NoDifference"),
    ("denial", "The intervention did not have any impact on depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not make a significant difference to depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not contribute to a reduction in depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was not associated with reduced depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not appear to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not significantly help to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support failed to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was not found to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was not shown to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "There was no evidence that peer support reduced depression.", "symptom-severity NoDifference"),
    ("denial", "There was no indication that peer support reduced depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not result in lower depression scores.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not lead to improvements in depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was not more effective than usual care in reducing depression.",
     "symptom-severity NoDifference"),
    ("denial", "Peer support did not succeed in reducing depression.", "symptom-severity NoDifference"),
    ("denial", "We could not demonstrate that peer support reduced depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was unable to reduce depression.", "symptom-severity NoDifference"),
    ("denial", "Depression was not reduced.", "symptom-severity NoDifference"),
    ("denial", "Depression did not decrease significantly.", "symptom-severity NoDifference"),
    ("denial", "Depression scores were not significantly lower in the peer group.", "symptom-severity NoDifference"),
    ("denial", "Peer support did not have a beneficial effect on depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support had little effect on depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support neither reduced depression nor improved hope.",
     "symptom-severity NoDifference; hope NoDifference"),
    ("denial", "Peer support did not improve either depression or hope.",
     "symptom-severity NoDifference; hope NoDifference"),
    ("denial", "Peer support showed no benefit for depression.", "symptom-severity NoDifference"),
    ("denial", "Peer support was ineffective in reducing depression.", "symptom-severity NoDifference"),
    ("denial", "The improvement in hope did not reach statistical significance.", "hope NoDifference"),
    ("denial", "Hope improved, but not significantly.", "hope NoDifference"),
    ("denial", "While self-efficacy improved, hope did not.", "self-efficacy Positive; hope NoDifference"),
    ("denial", "Self-efficacy improved, but hope did not change.", "self-efficacy Positive; hope NoDifference"),
    ("hedge", "Peer support may reduce depression.", "symptom-severity Unclear"),
    ("hedge", "Peer support might improve hope.", "hope Unclear"),
    ("hedge", "Peer support could help reduce loneliness.", "loneliness Unclear"),
    ("hedge", "Peer support can improve recovery.", "recovery Unclear"),
    ("hedge", "Peer support has the potential to reduce stigma.", "stigma Unclear"),
    ("hedge", "Peer support showed promise for reducing depression.", "symptom-severity Unclear"),
    ("hedge", "Peer support is a promising approach to improve recovery.", "recovery Unclear"),
    ("hedge", "The evidence that peer support reduces depression is inconclusive.", "symptom-severity Unclear"),
    ("hedge", "It is unclear whether peer support reduces depression.", "symptom-severity Unclear"),
    ("hedge", "Whether peer support reduces depression remains unclear.", "symptom-severity Unclear"),
    ("hedge", "Peer support possibly reduced depression.", "symptom-severity Unclear"),
    ("hedge", "Participants felt peer support could reduce their loneliness.", "loneliness Unclear"),
    ("hedge", "Peer support had a significant effect on depression.", "symptom-severity Unclear"),
    ("hedge", "Peer support significantly affected hope.", "hope Unclear"),
    # "suggest", "appears to" and "seem" are no hedges by the annotation rules
    ("hedge", "Peer support seems to reduce depression.", "symptom-severity Positive"),
    ("hedge", "Qualitative findings suggest that peer support reduced loneliness.", "loneliness Positive"),
    ("no difference", "There were no significant differences between groups in depression.",
     "symptom-severity NoDifference"),
    ("no difference", "Depression did not differ significantly between the groups.", "symptom-severity NoDifference"),
    ("no difference", "No significant between-group differences were found for hope or self-esteem.",
     "hope NoDifference; self-esteem NoDifference"),
    ("no difference", "Hope scores were similar in both groups.", "hope NoDifference"),
    ("no difference", "Depression scores were comparable between arms.", "symptom-severity NoDifference"),
    ("no difference", "Peer support had no effect on hospitalisation.", "hospitalisation NoDifference"),
    ("no difference", "Changes in hope were not statistically significant.", "hope NoDifference"),
    ("no difference", "There was no evidence of a difference in loneliness between arms.", "loneliness NoDifference"),
    ("no difference", "Peer support was non-inferior to usual care for depression.", "symptom-severity NoDifference"),
    ("no difference", "Self-efficacy remained unchanged in both groups.", "self-efficacy NoDifference"),
    ("no difference", "Readmission rates did not differ by condition.", "hospitalisation NoDifference"),
    ("no difference", "Both groups improved in depression, with no difference between them.",
     "symptom-severity NoDifference"),
    ("no difference", "Hope improved equally in both groups.", "hope NoDifference"),
    ("no difference", "Results showed no statistically significant treatment effects on symptoms, functioning or "
     "quality of life.",
     "symptom-severity NoDifference; social-functioning NoDifference; quality-of-life NoDifference"),
    ("mixed", "Evidence for the effect of peer support on depression was mixed.", "symptom-severity Mixed"),
    ("mixed", "Studies reported mixed results for hope.", "hope Mixed"),
    ("mixed", "The evidence on hospitalisation is conflicting.", "hospitalisation Mixed"),
    ("mixed", "Findings on quality of life were inconsistent.", "quality-of-life Mixed"),
    ("mixed", "Three studies found reduced depression, while two found no difference.", "symptom-severity Mixed"),
    ("mixed", "Peer support reduced depression in some trials but not in others.", "symptom-severity Mixed"),
    ("mixed", "Quality of life improved for some participants but worsened for others.", "quality-of-life Mixed"),
    ("mixed", "Effects on loneliness varied between studies.", "loneliness Mixed"),
    ("mixed", "Only one of four studies reported a reduction in loneliness.", "loneliness Mixed"),
    ("mixed", "Most studies found improved hope, although some found none.", "hope Mixed"),
    ("mixed", "Peer support had variable effects on recovery.", "recovery Mixed"),
    ("mixed", "Results regarding recovery were contradictory.", "recovery Mixed"),
    ("unfavourable", "Depression increased in the peer support group compared with controls.",
     "symptom-severity Negative"),
    ("unfavourable", "Peer support was associated with higher rates of readmission.", "hospitalisation Negative"),
    ("unfavourable", "Peer workers reported high levels of burnout.", "burnout Negative"),
    ("unfavourable", "Participants in the peer group reported worse quality of life than controls.",
     "quality-of-life Negative"),
    ("unfavourable", "Loneliness worsened among participants.", "loneliness Negative"),
    ("unfavourable", "Peer support had a negative effect on self-esteem.", "self-esteem Negative"),
    ("unfavourable", "Peer support adversely affected wellbeing.", "wellbeing Negative"),
    ("unfavourable", "Reading posts caused distress for some users.", "symptom-severity Negative"),
    ("unfavourable", "Satisfaction with the service was low.", "acceptability Negative"),
    ("unfavourable", "Attendance at the groups was poor.", "engagement Negative"),
    ("unfavourable", "Costs were higher in the peer support arm.", "cost Negative"),
    # a barrier only said to exist is no finding by the annotation rules
    ("unfavourable", "Peer workers reported a lack of role clarity.", ""),
)


def expected(text: str) -> set[tuple[str, str]]:
    """The expected findings written as "outcome Direction; ..."."""
    return {(item.split()[0], item.split()[1]) for item in text.split(";") if item.strip()}


def main() -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for kind, sentence, text in FORMS:
        got, want = found(study(("Results", sentence))), expected(text)
        total[kind] += 1
        right[kind] += got == want
        if got != want:
            misses.append(f"  {kind}: {sentence}\n    read {sorted(got)}, expected {sorted(want)}")
    for kind in total:
        print(f"{kind:15} {right[kind]:3d} / {total[kind]:3d}")
    print(f"{'all':15} {sum(right.values()):3d} / {sum(total.values()):3d}")
    if "--misses" in sys.argv:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
