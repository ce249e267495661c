"""``python -m mock_sources``: the same as the ``mock-sources`` command."""

from mock_sources.cli import main

main()
