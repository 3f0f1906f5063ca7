"""The Raadsbriefing as an A4 PDF: fpdf2 for the pages, Vega (vl-convert) for the charts, no browser.

The fonts (DejaVu Sans, shipped in ``vsdata/fonts``) hold €, ë and é, in the
text and in the charts alike.
"""

from __future__ import annotations

import io
from functools import cache

import altair as alt
import pandas as pd
import vl_convert
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, PageMode
from fpdf.fonts import FontFace
from fpdf.prefs import ViewerPreferences
from PIL import Image

from vsdata import briefing as briefing_module
from vsdata import charts, palette, schools
from vsdata.briefing import TOPICS, Briefing
from vsdata.formatting import format_date, format_euro, format_percent
from vsdata.settings import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / "vsdata" / "fonts"
FONT = "DejaVu Sans"
PAGE_WIDTH_MM = 210
MARGIN_MM = 18
CONTENT_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
CHART_WIDTH_PX = 560
CHART_SCALE = 2
MAP_HEIGHT_PX = 470
MAP_SECTION_MM = 200
"""The map, its sentences and its note: the map section starts on a new page unless this much is free."""
INK = palette.rgb(palette.INK)
MUTED_INK = palette.rgb(palette.SECONDARY_INK)
BRAND = palette.rgb(palette.BRAND)
HEADING_FILL = (228, 231, 235)
TABLE_PADDING_MM = 1
SECTION_MIN_ROOM_MM = 130
"""A section starts on the page before it when at least this much of that page is free."""


@cache
def _register_fonts() -> None:
    vl_convert.register_font_directory(str(FONT_DIR))


def chart_png(chart: alt.TopLevelMixin, width: int = CHART_WIDTH_PX) -> bytes:
    """A chart as PNG, drawn by Vega in-process, in Dutch number and date formats."""
    _register_fonts()
    spec = chart.properties(width=width).configure(font=FONT).configure_view(strokeWidth=0).to_dict()
    return vl_convert.vegalite_to_png(spec, scale=CHART_SCALE, format_locale="nl-NL", time_format_locale="nl-NL")


class _BriefingPdf(FPDF):
    def __init__(self, briefing: Briefing):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(auto=True, margin=MARGIN_MM)
        self.set_title(f"Raadsbriefing Veilige Steden {briefing.city}, {briefing.period}")
        self.set_author(f"Gemeente {briefing.city}")
        self.set_subject("Straatintimidatie: meldingen, schoolprogramma en begroting")
        self.set_lang("nl")
        self.set_creator("Dashboard Veilige Steden")
        # A reader shows the title, not the file name, and opens the outline beside the pages.
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.page_mode = PageMode.USE_OUTLINES

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED_INK)
        demo = " · DEMODATA" if self.briefing.is_demo else ""
        self.cell(
            0,
            5,
            f"Raadsbriefing Veilige Steden {self.briefing.city} · {self.briefing.period}{demo}"
            f" · pagina {self.page_no()} van {{nb}}",
            align="C",
        )

    # ------------------------------------------------------------ building blocks

    def text_style(self, size: float = 10, bold: bool = False, colour=INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def paragraph(self, text: str, size: float = 10, colour=INK, gap: float = 2) -> None:
        self.text_style(size, colour=colour)
        self.multi_cell(0, size * 0.5, text, align="L")
        self.ln(gap)

    @property
    def room_left(self) -> float:
        return self.page_break_trigger - self.y

    def section(self, topic: str, room_mm: float = SECTION_MIN_ROOM_MM) -> None:
        """A topic's heading: on a new page, unless ``room_mm`` of this one is still free (no half-empty pages)."""
        if self.page_no() == 1 or self.room_left < room_mm:
            self.add_page()
        else:
            self.ln(6)
        self.start_section(TOPICS[topic])
        self.text_style(18, bold=True, colour=BRAND)
        self.cell(0, 10, TOPICS[topic], new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def topic_sentences(self, topic: str) -> None:
        """The topic's sentences under its heading (the summary on the key-figures page keeps to five)."""
        for sentence in briefing_module.summary_sentences(self.briefing, {topic}):
            self.paragraph(sentence, gap=1)
        self.ln(1)

    def subheading(self, text: str) -> None:
        self.ln(2)
        self.text_style(12, bold=True)
        self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def figure(
        self,
        chart: alt.TopLevelMixin,
        title: str,
        heading: str | None = None,
        note: str | None = None,
        width_mm: float = CONTENT_MM,
        lead: tuple[str, ...] = (),
    ) -> None:
        """A chart with its heading, lead sentences and note, kept together: to the next page when they do not fit."""
        png = chart_png(chart)
        with Image.open(io.BytesIO(png)) as image:
            height_mm = width_mm * image.height / image.width
        needed = height_mm + (9 if heading else 0) + (self._lines(note, 9) * 4.5 + 2 if note else 0)
        needed += sum(self._lines(sentence, 10) * 5 + 2 for sentence in lead)
        if needed > self.room_left:
            self.add_page()
        if heading:
            self.subheading(heading)
        for sentence in lead:
            self.paragraph(sentence)
        if note:
            self.paragraph(note, size=9, colour=MUTED_INK)
        # The chart's own text alternative, as in the app, for a screen reader.
        alt_text = f"{title}. {chart.description}" if isinstance(chart.description, str) else title
        self.image(io.BytesIO(png), x=MARGIN_MM + (CONTENT_MM - width_mm) / 2, w=width_mm, alt_text=alt_text)
        self.ln(3)

    def _lines(self, text: str, size: float) -> int:
        self.text_style(size)
        return len(self.multi_cell(0, size * 0.5, text, dry_run=True, output=MethodReturnValue.LINES))

    def table(self, frame: pd.DataFrame, widths: tuple[float, ...], align: tuple[str, ...] | None = None) -> None:
        self.text_style(9)
        heading = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with super().table(
            col_widths=self._unbroken_widths(frame, widths),
            width=CONTENT_MM,
            text_align=align or ("LEFT",) * len(widths),
            headings_style=heading,
            line_height=5,
            borders_layout="HORIZONTAL_LINES",
            padding=TABLE_PADDING_MM,
        ) as table:
            table.row([str(column) for column in frame.columns])
            for values in frame.itertuples(index=False):
                table.row(["" if pd.isna(value) else str(value) for value in values])
        self.ln(3)

    def _unbroken_widths(self, frame: pd.DataFrame, widths: tuple[float, ...]) -> tuple[float, ...]:
        """The column widths, widened where a column's longest word would otherwise be broken inside.

        What a widened column needs is taken from the others in proportion to their room to spare.
        """
        needed = []
        for column, values in zip(frame.columns, zip(*frame.itertuples(index=False), strict=False), strict=False):
            self.text_style(9, bold=True)
            longest = max((self.get_string_width(word) for word in str(column).split()), default=0)
            self.text_style(9)
            words = (word for value in values if not pd.isna(value) for word in str(value).split())
            longest = max(longest, max((self.get_string_width(word) for word in words), default=0))
            needed.append(longest + 2 * TABLE_PADDING_MM + 1)
        if len(needed) < len(widths):
            needed += [0.0] * (len(widths) - len(needed))
        scale = CONTENT_MM / sum(widths)
        given = [width * scale for width in widths]
        short = sum(max(0.0, need - width) for need, width in zip(needed, given, strict=True))
        spare = sum(max(0.0, width - need) for need, width in zip(needed, given, strict=True))
        if not short or spare < short:
            return tuple(given)
        return tuple(
            need if need > width else width - (width - need) * short / spare
            for need, width in zip(needed, given, strict=True)
        )


def render_pdf(briefing: Briefing) -> bytes:
    """The briefing as an A4 PDF, one topic per section, with an outline for the PDF reader."""
    pdf = _BriefingPdf(briefing)
    _title_page(pdf, briefing)
    for topic in _sections(briefing):
        _SECTIONS[topic](pdf, briefing)
    return bytes(pdf.output())


def _sections(briefing: Briefing) -> list[str]:
    """The topics the PDF has a section for: a map that would show only grey cells is left out."""
    return [topic for topic in briefing.topics if not (topic == "kaart" and briefing.map_note)]


def _title_page(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.set_y(60)
    pdf.text_style(13, colour=MUTED_INK)
    pdf.cell(0, 8, f"Gemeente {briefing.city}", new_x="LMARGIN", new_y="NEXT")
    pdf.text_style(28, bold=True, colour=BRAND)
    pdf.multi_cell(0, 13, "Raadsbriefing\nVeilige Steden", align="L")
    pdf.ln(2)
    pdf.text_style(13)
    pdf.multi_cell(
        0, 7, "Straatintimidatie van meisjes, vrouwen en LHBTI+-personen:\nmeldingen, schoolprogramma en begroting"
    )
    pdf.ln(8)
    pdf.text_style(12, bold=True)
    pdf.cell(0, 7, f"Periode: {briefing.period}", new_x="LMARGIN", new_y="NEXT")
    pdf.text_style(11, colour=MUTED_INK)
    pdf.cell(0, 7, f"Vergeleken met: {briefing.previous_period}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, f"Gemaakt op {format_date(briefing.made_on)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    if briefing.is_demo:
        pdf.set_fill_color(254, 243, 199)
        pdf.text_style(11, bold=True)
        pdf.multi_cell(
            0,
            6,
            "DEMODATA: deze briefing is gemaakt op verzonnen gegevens om het dashboard te laten zien. "
            f"De cijfers zeggen niets over {briefing.city}.",
            fill=True,
            padding=3,
            align="L",
        )
        pdf.set_fill_color(255, 255, 255)
        pdf.ln(4)
    k = briefing.policy.k
    pdf.paragraph(
        "Over de cijfers: meldingen komen uit de Stop Intimidatie-app en zeggen iets over wie meldt, niet alleen "
        f"over wat er gebeurt. Aantallen onder {k} staan als '{briefing.policy.suppressed_label}'; "
        "een aantal dat alleen verborgen is om een klein aantal ernaast te beschermen, staat als 'afgeschermd'. "
        "De kaart toont vakken van ongeveer 0,7 km². Geen enkel cijfer gaat over één persoon.",
        size=9,
        colour=MUTED_INK,
    )
    pdf.subheading("Inhoud")
    pdf.text_style(10)
    for number, topic in enumerate(_sections(briefing), start=1):
        pdf.cell(0, 6, f"{number}.  {TOPICS[topic]}", new_x="LMARGIN", new_y="NEXT")


def _key_figures(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("kerncijfers")
    pdf.paragraph(f"{briefing.period}, vergeleken met de even lange periode ervoor ({briefing.previous_period}).")
    frame = pd.DataFrame(
        [(f.label, f.value, f.previous or "-", f.change) for f in briefing.key_figures],
        columns=["Cijfer", "Deze periode", "Periode ervoor", "Verandering"],
    )
    pdf.table(frame, (58, 30, 30, 56), ("LEFT", "RIGHT", "RIGHT", "LEFT"))
    pdf.subheading("Wat veranderde")
    pdf.paragraph(
        "Deze tekst is samengesteld uit de cijfers in deze briefing; er staat niets in dat niet uit de cijfers volgt.",
        size=8,
        colour=MUTED_INK,
    )
    for sentence in briefing_module.what_changed(briefing):
        pdf.paragraph(f"•  {sentence}", gap=1)


def _reports(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("meldingen")
    pdf.topic_sentences("meldingen")
    note = (
        (
            "Deze periode (donkerblauw) en de even lange periode ervoor (lichtblauw). "
            if not briefing.trend["in_periode"].all()
            else "Deze periode; de periode ervoor valt (deels) vóór de start van het programma. "
        )
        + "Een maand die een periode maar voor een deel dekt, is een smallere staaf. Maanden met minder dan "
        f"{briefing.policy.k} meldingen zijn een grijze staaf met '{briefing.policy.suppressed_label}'."
    )
    trend = charts.trend_chart(briefing.trend, "month").properties(height=230)
    pdf.figure(trend, "Meldingen per maand", heading="Meldingen per maand", note=note)
    if briefing.map_note:
        pdf.paragraph(briefing.map_note, size=9, colour=MUTED_INK)
    pdf.subheading("Meldingen naar vorm in de periode")
    if briefing.reports_total.suppressed:
        pdf.paragraph(f"Minder dan {briefing.policy.k} meldingen in deze periode: te weinig om naar vorm te verdelen.")
        return
    forms = briefing.forms.assign(
        aandeel=[("" if pd.isna(share) else format_percent(float(share), 0)) for share in briefing.forms["aandeel"]]
    ).rename(columns={"meldingen": "Meldingen", "aandeel": "Aandeel"})
    pdf.table(forms, (100, 37, 37), ("LEFT", "RIGHT", "RIGHT"))


def _report_map(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("kaart", room_mm=MAP_SECTION_MM)
    policy = briefing.policy
    note = (
        f"Meldingen van {briefing.period} per vak (ongeveer 0,7 km²). Grijs: minder dan {policy.k} meldingen of "
        "geen, of afgeschermd. Een zwarte rand: een hot spot, een gebied met significant meer meldingen dan de "
        "omgeving (getoetst met correctie voor het bekijken van veel vakken tegelijk); doorgetrokken, gestreept "
        "of gestippeld: 99, 95 of 90 % zeker."
    )
    pdf.figure(
        briefing.map_chart(CHART_WIDTH_PX, MAP_HEIGHT_PX),
        "Kaart van de meldingen per vak",
        note=note,
        width_mm=150,
        lead=tuple(briefing_module.summary_sentences(briefing, {"kaart"})),
    )


def _schools(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("scholen")
    pdf.topic_sentences("scholen")
    if briefing.coverage.empty:
        pdf.paragraph(f"Voor schooljaar {briefing.school_year} zijn geen programmascholen of doelen vastgelegd.")
        return
    note = (
        "Leerlingen bereikt gedeeld door het aantal ingeschreven leerlingen. Blauw streepje: wat het tempo van "
        f"het doel vraagt op {format_date(briefing.end)}; zwart streepje: het doel van het schooljaar. "
        f"{schools.STATUS_RULE}"
    )
    pdf.figure(
        charts.reach_chart(briefing.coverage, briefing.end).properties(height=alt.Step(40)),
        "Bereik per school",
        heading=f"Bereik per school, schooljaar {briefing.school_year}",
        note=note,
    )
    coverage = briefing.coverage
    table = pd.DataFrame(
        {
            "School": coverage["school"],
            "Lessen (doel)": [
                f"{done} ({goal})" for done, goal in zip(coverage["uitgevoerd"], coverage["doel"], strict=True)
            ],
            "Leerlingen bereikt": coverage["bereikt"],
            "Bereik": [format_percent(share, 0) for share in coverage["bereik"]],
            "Status": coverage["status"],
        }
    )
    pdf.table(table, (70, 26, 28, 20, 30), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"))


def _budget(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("begroting")
    if not briefing.has_budget:
        pdf.paragraph(f"Voor {briefing.budget_year} zijn geen subsidie en geen begrotingsposten vastgelegd.")
        return
    pdf.topic_sentences("begroting")
    spend = briefing.spend
    note = (
        f"Subsidie {format_euro(spend.grant_cents, whole=True)}; betaald {format_euro(spend.paid_cents, whole=True)}, "
        f"verplicht {format_euro(spend.committed_cents, whole=True)} (stand op {format_date(briefing.end)})."
    )
    pdf.figure(
        charts.burn_down_chart(
            briefing.burn_down, briefing.forecast, briefing.end, spend.grant_cents, briefing_module.end_label(briefing)
        ).properties(height=230),
        "Resterende subsidie",
        heading=f"OCW-subsidie {briefing.budget_year}: resterend door het jaar",
        note=note,
    )
    pdf.figure(
        charts.plan_realised_chart(briefing.lines),
        "Plan en realisatie per begrotingspost",
        heading=f"Plan en realisatie {briefing.budget_year}",
    )
    lines = briefing.lines
    table = pd.DataFrame(
        {
            "Post": [
                f"{topic} – {action}" if action else topic
                for topic, action in zip(lines["onderwerp"], lines["actiepunt"], strict=True)
            ],
            "Plan": [format_euro(value, whole=True) for value in lines["plan"]],
            "Betaald + verplicht": [
                format_euro(paid + committed, whole=True)
                for paid, committed in zip(lines["betaald"], lines["verplicht"], strict=True)
            ],
            "Gebruikt": [format_percent(share, 0) for share in lines["gebruikt"]],
        }
    )
    pdf.table(table, (94, 26, 32, 22), ("LEFT", "RIGHT", "RIGHT", "RIGHT"))


def _indicators(pdf: _BriefingPdf, briefing: Briefing) -> None:
    pdf.section("indicatoren")
    pdf.topic_sentences("indicatoren")
    if briefing.indicators.empty:
        pdf.paragraph("Er zijn nog geen indicatoren (RADAR, Veiligheidsmonitor) ingelezen.")
        return
    pdf.paragraph(
        "De laatste meting per indicator, met de meting ervoor. 'Schatting (demo)': een verzonnen waarde om het "
        "dashboard te laten zien, geen bron.",
        size=9,
        colour=MUTED_INK,
    )
    pdf.table(briefing.indicator_table(), (30, 50, 20, 27, 27, 20), ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"))


_SECTIONS = briefing_module.per_topic(_key_figures, _reports, _report_map, _schools, _budget, _indicators)
