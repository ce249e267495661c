"""Dated, cited, inherited policy parameters: the national baseline and its regional layers.

A *layer* is one TOML file in ``data/`` for one level of government (national, province,
city, county) that ``extends`` the layer above it and states only what it sets.  Each
parameter is a list of dated entries, each with its validity period and its citation (a
document and article, a seed text, or an ``example`` with a note), or a ``left_to_local``
marker with the reason.  ``resolution.resolve`` answers, for a region code and a date, every
parameter's effective value with the layer and entry it came from; a value that has lapsed
without a successor is reported as ``lapsed`` with its end date, never applied or dropped.
Pure: no web, database or HTTP client.  The format is explained in docs/policy-model.md.
"""
