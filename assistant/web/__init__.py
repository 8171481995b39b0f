"""The web app: the citizens' chat and the staff pages."""
