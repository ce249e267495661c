"""A client library for accessing Household economic-status verification service (家庭经济状况核对)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
