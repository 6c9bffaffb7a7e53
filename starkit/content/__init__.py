"""Content: the typed models of ``data/`` (principles, scenarios, the rubric), the loader
that reads and checks them, and the JSON Schemas exported from them."""
