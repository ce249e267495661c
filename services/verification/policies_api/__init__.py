"""The layered policy served: ``/v1/policies/effective`` (``endpoints.py``).

Apart from ``policies/`` (the layered policy and the policies in force, which the runtime
builds) so that the policy depends on no client, route or runtime.
"""
