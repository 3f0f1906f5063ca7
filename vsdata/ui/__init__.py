"""The Streamlit-aware part of vsdata: shell, cached data access, widgets."""
