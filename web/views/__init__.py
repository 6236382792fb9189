"""Blueprints for the HTML pages: search, documents, browse by country."""
