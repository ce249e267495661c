"""One router per fake agency, each with its own prefix and its own wire shape.

The routers only render ``PersonRecords`` (from ``mock_sources.scenarios``)
into their agency's format; none of them checks headers, which the app does
once for all of them.
"""
