"""The Gegevens page: import with a preview first, the list of imports with undo, a fresh store."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from vsdata import db, exports, importing, settings
from vsdata.formatting import format_count, format_datetime, format_number
from vsdata.models import DataKind
from vsdata.ui import data, shell

_PREVIEW = "_vs_import_preview"
_DONE = "_vs_import_done"
_UPLOADS = "_vs_import_uploads"

BATCH_COLUMNS = {
    "id": ("Import", 60),
    "soort": ("Soort", 170),
    "bestand": ("Bestand", 110),
    "ingelezen": ("Ingelezen op", 135),
    "door": ("Door", 80),
    "gelezen": ("Gelezen", 70),
    "toegevoegd": ("Nieuw", 60),
    "al aanwezig": ("Al aanwezig", 90),
    "afgekeurd": ("Afgekeurd", 80),
    "ongedaan": ("Ongedaan op", 115),
}
"""The import log as shown: header and width in pixels, so every column fits the page whole."""
BATCH_HEADERS = {field: header for field, (header, _) in BATCH_COLUMNS.items()}
QUALITY_HEADERS = {
    "tabel": "Tabel",
    "rijen": "Rijen",
    "van": "Van",
    "tot en met": "Tot en met",
    "lege waarden": "Lege waarden",
    "laatste import": "Laatste import",
}


SIGN_IN_FIRST = (
    "Er is nog geen aanmelding ingesteld. Zodra de opslag eigen gegevens bevat (na inlezen, of na 'Start met "
    "eigen gegevens'), toont het dashboard pas weer iets als aanmelding is ingesteld in .streamlit/secrets.toml "
    "(zie de README, 'Access'). Stel dat eerst in."
)


def _reset_upload(message: str | None = None) -> None:
    """Forget the file and its preview (a new uploader key empties the widget), and rerun."""
    st.session_state.pop(_PREVIEW, None)
    st.session_state[_UPLOADS] = st.session_state.get(_UPLOADS, 0) + 1
    if message:
        st.session_state[_DONE] = message
    st.rerun()


def _dutch_uploader() -> None:
    """Streamlit writes the uploader's button and hint in English only; these rules show them in Dutch.

    The English text is hidden (also from screen readers) and the Dutch text drawn in its place.
    """
    limit = st.get_option("server.maxUploadSize")
    st.html(
        f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  font-size: 0; visibility: hidden; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "Bestand kiezen"; font-size: 0.875rem; visibility: visible; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; visibility: hidden; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "Of sleep het bestand hierheen · CSV of XLSX, tot {limit} MB"; font-size: 0.875rem; visibility: visible; }}
</style>"""
    )


def import_section(url: str) -> None:
    done = st.session_state.pop(_DONE, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    if shell.without_sign_in():
        st.warning(SIGN_IN_FIRST, icon=":material/lock:")
    kind = st.selectbox("Soort gegevens", list(DataKind), format_func=lambda kind: DataKind(kind).label)
    st.download_button(
        "Sjabloon (CSV)",
        importing.template_csv(kind),
        file_name=f"sjabloon-{kind}.csv",
        mime="text/csv",
        icon=":material/description:",
        help="De kolommen met een voorbeeldrij; de README beschrijft elke kolom.",
    )
    _dutch_uploader()
    upload = st.file_uploader(
        "Bestand (CSV of XLSX)", type=["csv", "xlsx"], key=f"import_file_{st.session_state.get(_UPLOADS, 0)}"
    )
    sheet = st.text_input("Werkblad (alleen XLSX, leeg = het eerste)", key="import_sheet").strip() or None
    if upload is None:
        st.session_state.pop(_PREVIEW, None)
        st.info(
            "Kies een bestand; eerst ziet u wat er nieuw is en wat wordt afgekeurd. Er wordt dan nog niets opgeslagen."
        )
        return
    content = upload.getvalue()
    stamp = (kind, upload.name, importing.checksum(content), sheet, data.data_version())
    cached = st.session_state.get(_PREVIEW)
    if cached is None or cached[0] != stamp:
        bar = st.progress(0.0, text="Bestand controleren...")
        try:
            with db.read_session(data.engine(url)) as session:
                preview = importing.preview(
                    session,
                    kind,
                    content,
                    upload.name,
                    settings.today(),
                    settings.profile(),
                    sheet,
                    progress=lambda share: bar.progress(share, text=f"Bestand controleren... {share:.0%}"),
                )
        except importing.FileProblem as problem:
            bar.empty()
            st.session_state.pop(_PREVIEW, None)
            st.error(f"Dit bestand kan niet worden ingelezen: {problem}", icon=":material/error:")
            return
        bar.empty()
        st.session_state[_PREVIEW] = (stamp, preview)
    preview = st.session_state[_PREVIEW][1]
    _show_preview(url, preview)


def _show_preview(url: str, preview: importing.Preview) -> None:
    columns = st.columns(4)
    columns[0].metric("Rijen gelezen", format_number(preview.rows_read), border=True)
    columns[1].metric("Nieuw", format_number(len(preview.new)), border=True)
    columns[2].metric("Al aanwezig", format_number(preview.existing), border=True)
    columns[3].metric("Afgekeurd", format_number(preview.rejected_rows), border=True)
    if preview.rejected:
        st.warning(
            f"{format_count(preview.rejected_rows, 'rij', 'rijen')} afgekeurd; die worden niet ingelezen.",
            icon=":material/rule:",
        )
        rejected = preview.rejected_frame()
        st.dataframe(rejected, hide_index=True, width="stretch")
        st.markdown("\n".join(f"- {reason}" for reason in preview.rejection_reasons()))
        st.download_button(
            "Afgekeurde rijen (CSV)",
            exports.csv_bytes(rejected),
            file_name=f"afgekeurd-{preview.file_name}.csv",
            mime="text/csv",
            icon=":material/download:",
        )
    if preview.new.empty:
        if preview.existing:
            st.info("Er is niets nieuws om in te lezen: alle geldige rijen staan al in de opslag.")
        else:
            st.info(
                "Er zijn geen geldige rijen om in te lezen: "
                "verbeter de afgekeurde rijen en lees het bestand opnieuw in."
            )
        return
    confirm, cancel, _ = st.columns([1, 1, 3])
    if confirm.button(
        f"{format_count(len(preview.new), 'rij', 'rijen')} inlezen", type="primary", icon=":material/upload:"
    ):
        with st.spinner("Reservekopie maken en inlezen..."):
            importing.backup(url)
            try:
                batch = importing.commit(data.engine(url), preview, imported_by=shell.account_id())
            except OperationalError as error:
                st.error(str(db.connection_problem(error, url)), icon=":material/cloud_off:")
                return
        _reset_upload(f"Ingelezen als import {batch.id}: {format_count(batch.rows_added, 'rij', 'rijen')} toegevoegd.")
    if cancel.button("Annuleren", icon=":material/close:"):
        _reset_upload("Geannuleerd: er is niets opgeslagen.")


def batches_section(url: str, version: int) -> None:
    table = data.import_batches(url, version)
    if table.empty:
        st.info("Nog geen importen.")
        return
    shown = table.assign(
        soort=table["soort"].map(lambda kind: DataKind(kind).label),
        ingelezen=table["ingelezen"].map(format_datetime),
        ongedaan=table["ongedaan"].map(lambda moment: format_datetime(moment) if pd.notna(moment) else ""),
    )
    st.caption("Nieuwste import bovenaan.")
    st.dataframe(
        shown[list(BATCH_COLUMNS)].rename(columns=BATCH_HEADERS),
        hide_index=True,
        width="stretch",
        column_config={header: st.column_config.Column(width=width) for header, width in BATCH_COLUMNS.values()},
    )
    undoable = table[(table["ongedaan"].isna()) & (~table["demo"])]
    if undoable.empty:
        return
    choice = st.selectbox(
        "Import ongedaan maken",
        list(undoable["id"]),
        format_func=lambda batch_id: f"Import {batch_id}: {undoable.set_index('id').loc[batch_id, 'bestand']}",
    )
    sure = st.checkbox("Ik weet het zeker: verwijder de rijen van deze import", key="undo_sure")
    if st.button("Ongedaan maken", disabled=not sure, icon=":material/undo:"):
        importing.backup(url)
        try:
            removed = importing.undo(data.engine(url), int(choice))
        except importing.FileProblem as problem:
            st.error(str(problem))
            return
        st.session_state[_DONE] = (
            f"Import {choice} ongedaan gemaakt: {format_count(removed, 'rij', 'rijen')} verwijderd."
        )
        st.rerun()


def own_data_section(url: str, version: int) -> None:
    if not data.is_demo(url, version):
        return
    st.subheader("Start met eigen gegevens")
    st.write(
        "De opslag bevat nu demodata. Hiermee wordt de demo-opslag als kopie bewaard en begint u met een lege "
        f"opslag, {importing.own_store_contents(settings.profile())}"
    )
    sure = st.checkbox("Ik wil de demodata vervangen door een lege opslag", key="own_data_sure")
    if st.button("Start met eigen gegevens", disabled=not sure, icon=":material/restart_alt:"):
        try:
            aside = importing.start_own_store(url, settings.profile())
        except importing.FileProblem as problem:
            st.error(str(problem))
            return
        st.session_state[_DONE] = f"U begint met een lege opslag. De demodata staat bewaard in {aside}."
        st.rerun()


def quality_section(url: str, version: int) -> None:
    quality = data.data_quality(url, version).rename(columns=QUALITY_HEADERS)
    st.dataframe(quality, hide_index=True, width="stretch", height="content")
    stale = [source for source in data.freshness(url, version, settings.today()) if source.stale]
    if stale:
        names = ", ".join(source.label for source in stale)
        st.warning(
            f"Niet bijgewerkt in de laatste {settings.profile().stale_after_days} dagen: {names}. "
            "Dit staat ook bij de aandachtspunten op het Overzicht.",
            icon=":material/update:",
        )
