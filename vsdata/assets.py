"""Leaflet served by the app itself: no third-party CDN sees the users, and maps work offline.

The files come from installed PyPI packages (Leaflet 1.9.4 from
django-js-lib-leaflet, Leaflet.heat from folium) and are copied into
``static/vendor/`` on start, which Streamlit serves at ``/app/static/``.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from vsdata.settings import PROJECT_ROOT

VENDOR_DIR = PROJECT_ROOT / "static" / "vendor"
# Relative to the map component's iframe (/component/<name>/index.html), so it also works under a base URL path.
URL_BASE = "../../app/static/vendor"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"Pakket '{name}' ontbreekt: installeer de vereisten opnieuw (python3 tasks.py install).")
    return Path(next(iter(spec.submodule_search_locations)))


def sources() -> dict[Path, Path]:
    """Each file to serve, from its installed package to its place under static/vendor."""
    leaflet = _package_dir("js_lib_leaflet") / "static" / "js_lib_leaflet"
    files = {leaflet / name: VENDOR_DIR / "leaflet" / name for name in LEAFLET_FILES}
    files.update(
        {image: VENDOR_DIR / "leaflet" / "images" / image.name for image in (leaflet / "images").glob("*.png")}
    )
    files[_package_dir("folium") / "templates" / "leaflet_heat.min.js"] = VENDOR_DIR / "leaflet_heat.min.js"
    return files


def ensure_static() -> None:
    """Copy the map's JavaScript and CSS into static/vendor when missing or changed."""
    for source, target in sources().items():
        if target.exists() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def use_local_leaflet() -> None:
    """Point folium at the app's own copies (the same values every time: class attributes are shared)."""
    import folium  # slow to import: loaded by the pages that draw a map
    from folium.plugins import HeatMap

    folium.Map.default_js = [("leaflet", f"{URL_BASE}/leaflet/leaflet.js")]
    folium.Map.default_css = [("leaflet_css", f"{URL_BASE}/leaflet/leaflet.css")]
    HeatMap.default_js = [("leaflet-heat.js", f"{URL_BASE}/leaflet_heat.min.js")]
