"""Extraction: from one article's text to the incidents it reports (``EventMention`` records).

The stages are modules of this package: ``segment`` (sentences with exact offsets, noise lines
marked), ``dates`` and ``numbers`` (date expressions and quantities), ``mentions`` (what one
sentence says: entities, weapons, triggers, casualties, claims, blame, retaliation cues) and
``events`` (which sentences tell the same incident). ``extract_article`` runs them on one article;
it is a pure function of the article and the gazetteer, and never raises.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.dates import DateValue, infer_published
from kg.extract.events import Frame, FrameBuilder
from kg.extract.mentions import SentenceAnalyzer
from kg.extract.segment import segment_article
from kg.model import UNDATED, Article, ArticleExtraction, EventMention, ResponseCue
from kg.namespaces import WEAPON_TYPES

__all__ = ["extract_article"]

_WEAPON_ORDER = {w: i for i, w in enumerate(WEAPON_TYPES)}
# More sentences than any news article has: the rest of a huge file is not read.
MAX_SENTENCES = 2000


def extract_article(article: Article, gazetteer) -> ArticleExtraction:
    """The incidents ``article`` reports, with evidence. Never raises: problems become warnings."""
    warnings: list[str] = []
    try:
        sentences = segment_article(article)
    except Exception as exc:  # the segmenter is simple, but a build must survive any text
        return ArticleExtraction(article, (), (f"could not split the text into sentences: {exc!r}",))
    analyzer = SentenceAnalyzer(gazetteer, article.text)
    dated = article
    if article.published is None:
        # no dateline line, but the page may still print its date ("Published Aug. 30, 2021",
        # "Press Release | Aug. 24, 2022", "BAGHDAD, Dec. 7, 2023 - ..."): relative dates resolve
        # against it; the article record itself is left as read
        published = infer_published(sentences)
        if published is not None:
            dated = replace(article, published=published)
    builder = FrameBuilder(dated, gazetteer, analyzer)
    reporting = [s for s in sentences if not s.noise]
    if len(reporting) > MAX_SENTENCES:
        warnings.append(f"{len(reporting)} sentences: only the first {MAX_SENTENCES} were read "
                        "(a news article is far shorter; is this file one article?)")
        sentences = [s for s in sentences if s.noise or s.index <= reporting[MAX_SENTENCES - 1].index]
    for sentence in sentences:
        if sentence.noise:
            continue
        try:
            builder.feed(sentence)
        except Exception as exc:
            warnings.append(f"sentence at offset {sentence.start} skipped: extraction error {exc!r}")
    try:
        frames = builder.finish()
        mentions = tuple(_to_mention(article, fr) for fr in frames)
    except Exception as exc:
        warnings.append(f"no incidents extracted: extraction error {exc!r}")
        mentions = ()
    warnings.extend(builder.warnings)
    return ArticleExtraction(article=article, mentions=mentions, warnings=tuple(warnings))


def _mention_id(article: Article, n: int) -> str:
    return f"{article.article_id}#{n}"


def _to_mention(article: Article, fr: Frame) -> EventMention:
    date = fr.date if fr.date is not None else UNDATED
    if date.value is None and date.reason is None:
        date = DateValue(None, None, date.phrase, "the text gives no date")
    evidence = list(fr.evidence)
    if fr.date_evidence is not None and fr.date is not None:
        evidence.append(("date", fr.date_evidence))
    responds = tuple(ResponseCue(c.evidence, _mention_id(article, int(c.target[1:])) if c.target and c.target.startswith("#") else c.target,
                                 c.phrase) for c in fr.responds)
    weapons = tuple(sorted(fr.weapons.values(), key=lambda w: _WEAPON_ORDER.get(w.weapon, 99)))
    return EventMention(
        mention_id=_mention_id(article, fr.n),
        article_id=article.article_id,
        kind=fr.kind,  # type: ignore[arg-type]
        date=date,
        facility=fr.facility,
        place=fr.place,
        country=fr.country,
        weapons=weapons,
        figures=tuple(fr.figures),
        claims=tuple(fr.claims),
        attributions=tuple(fr.attributions),
        perpetrator=fr.perpetrator,
        unclaimed=fr.unclaimed,
        responds_to=responds,
        evidence=tuple(evidence),
        background=fr.background,
    )
