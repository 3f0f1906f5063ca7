"""Core of the Veilige Steden Dordrecht dashboard, importable without Streamlit."""
